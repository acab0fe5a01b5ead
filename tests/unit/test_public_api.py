"""The names the chapters call, with the signatures the issue fixes."""

import dataclasses
import inspect
import re
import sys

import numpy as np
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


# ---- what the docstrings promise (issue 13, defect 11)


def test_entropy_states_its_sign_for_every_base():
    doc = inspect.getdoc(crossentropy.entropy)
    assert "H(p) >= 0 of each row" not in doc  # the old, unconditional promise
    assert "between 0 and 1" in doc and "flips the sign" in doc
    assert crossentropy.entropy([0.5, 0.5], base=0.5) == -1.0
    assert crossentropy.entropy([0.5, 0.5], base=2) == 1.0


def test_one_hot_enforces_the_float_dtype_it_documents():
    assert crossentropy.one_hot(1, 3, dtype=np.float32).dtype == np.float32
    for dtype in (int, np.int8, bool, "U1", "no such dtype"):
        with pytest.raises(TypeError, match=r"dtype: must be a float dtype"):
            crossentropy.one_hot(1, 3, dtype=dtype)


def test_the_differences_from_scipy_and_pytorch_are_stated():
    entropy_doc = inspect.getdoc(crossentropy.entropy)
    assert "scipy.stats.entropy" in entropy_doc
    assert "sum first" in entropy_doc and "axis 0" in entropy_doc
    assert "scipy.stats.entropy(p, q)" in inspect.getdoc(crossentropy.kl_divergence)
    torch_doc = inspect.getdoc(crossentropy.softmax_cross_entropy)
    for difference in ("axis 1", "ignore_index", "label_smoothing", "does not check"):
        assert difference in torch_doc, difference


def package_docstrings() -> list[tuple[str, str]]:
    """(where, docstring) of the package, its modules, and every callable in them."""
    modules = [m for name, m in sys.modules.items() if name.startswith("crossentropy")]
    named = [(name, getattr(crossentropy, name)) for name in API]
    named += [(m.__name__, m) for m in modules]
    named += [(f"{m.__name__}.{n}", f) for m in modules for n, f in vars(m).items() if callable(f)]
    return [(where, inspect.getdoc(obj) or "") for where, obj in named]


def test_no_docstring_calls_scikit_learn_old():
    # scikit-learn's log_loss clips today (at the machine epsilon of y's dtype).
    assert not any("older scikit-learn" in doc for _, doc in package_docstrings())


def test_docstrings_link_with_mkdocstrings_syntax_not_sphinx_roles():
    # The API page is mkdocstrings: a Sphinx role (:func:`x`) was printed there as it stands.
    # A link is [`name`][crossentropy.name], and it must name an export (autorefs would fail
    # the strict build otherwise; this says which docstring).
    for where, doc in package_docstrings():
        assert not re.search(r":[a-z]+:`", doc), where
        for target in re.findall(r"\]\[crossentropy\.([A-Za-z_]+)\]", doc):
            assert target in crossentropy.__all__, (where, target)
