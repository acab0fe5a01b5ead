"""The names the chapters call, with the signatures the issue fixes."""

import dataclasses
import inspect

import pytest

import crossentropy

API = {
    "one_hot": "(labels, num_classes, *, dtype=<class 'numpy.float64'>)",
    "log_likelihood": "(t, y, *, eps=None)",
    "likelihood": "(t, y, *, eps=None)",
    "cross_entropy": "(t, y, *, reduction='mean', base=None, eps=None)",
    "mle": "(counts)",
    "entropy": "(p, *, base=None)",
    "kl_divergence": "(p, q, *, base=None, eps=None)",
    "softmax": "(z)",
    "log_softmax": "(z)",
    "softmax_cross_entropy": "(t, z, *, reduction='mean')",
    "softmax_cross_entropy_grad": "(t, z, *, reduction='mean')",
    "simulate_die": "(probabilities, n, *, seed)",
    "sigmoid": "(z)",
    "log_sigmoid": "(z)",
    "binary_cross_entropy": "(t, p, *, reduction='mean')",
    "binary_cross_entropy_with_logits": "(t, z, *, reduction='mean')",
    "softmax_regression_grad": "(weights, bias, x, t)",
    "fit_softmax_regression": "(x, t, *, learning_rate, steps, weights=None, bias=None)",
}
CLASSES = {"SoftmaxRegressionFit": ("weights", "bias", "losses")}


def test_exports_exactly_the_api():
    assert sorted(crossentropy.__all__) == sorted([*API, *CLASSES])


def test_the_fit_is_a_frozen_dataclass_with_its_fields():
    cls = crossentropy.SoftmaxRegressionFit
    assert dataclasses.is_dataclass(cls)
    assert cls.__dataclass_params__.frozen
    names = tuple(f.name for f in dataclasses.fields(cls))
    assert names[:3] == CLASSES["SoftmaxRegressionFit"]


@pytest.mark.parametrize("name, signature", API.items())
def test_signature(name, signature):
    func = getattr(crossentropy, name)
    plain = [
        p.replace(annotation=inspect.Parameter.empty)
        for p in inspect.signature(func).parameters.values()
    ]
    assert str(inspect.Signature(plain)) == signature


@pytest.mark.parametrize("name", API)
def test_docstring_has_the_numpy_sections_and_runnable_examples(name):
    doc = inspect.getdoc(getattr(crossentropy, name))
    for section in ("Parameters", "Returns", "Raises", "Examples"):
        assert f"\n{section}\n" in doc, section
    assert ">>> " in doc
