"""The build's one cache (src/textbook_site/cache.py): keys, eviction, atomic writes. No build."""

import os

import pytest

from textbook_site import cache as cache_module
from textbook_site.cache import Cache


@pytest.fixture
def cache(tmp_path):
    return Cache(tmp_path / "cache", build="env-1", runtime="kernel-1")


def test_a_key_changes_with_every_input_the_kind_and_the_environment(cache, tmp_path):
    key = cache.key("equations", "x^2", "1")
    assert cache.key("equations", "x^2", "1") == key  # stable
    assert cache.key("equations", "x^3", "1") != key
    assert cache.key("equations", "x^2", "0") != key
    assert cache.key("pages", "x^2", "1") != key
    assert Cache(tmp_path / "cache", build="env-2").key("equations", "x^2", "1") != key
    # Parts are separated: ("ab", "c") is not ("a", "bc").
    assert cache.key("k", "ab", "c") != cache.key("k", "a", "bc")


def test_the_environment_names_the_installed_versions():
    versions = cache_module.installed_versions(["mkdocs", "no-such-distribution"])
    assert "mkdocs==" in versions and "no-such-distribution (not installed)" in versions
    assert "numpy" in cache_module.KERNEL_SIDE and "numpy" in cache_module.OUTPUT_SHAPING


def test_notebook_outputs_do_not_depend_on_the_site_generator(tmp_path):
    """Under ProperDocs instead of MkDocs (another build environment, same kernel), stored
    notebook outputs and equations are still found; pages and the like are made again."""
    mkdocs = Cache(tmp_path / "cache", build="mkdocs-1.6.1", runtime="numpy-2.5")
    properdocs = Cache(tmp_path / "cache", build="properdocs-1.6.7", runtime="numpy-2.5")
    numpy_3 = Cache(tmp_path / "cache", build="mkdocs-1.6.1", runtime="numpy-3.0")
    outputs = mkdocs.key("notebook-outputs", "code", shaped_by="kernel")
    assert properdocs.key("notebook-outputs", "code", shaped_by="kernel") == outputs
    assert numpy_3.key("notebook-outputs", "code", shaped_by="kernel") != outputs
    assert properdocs.key("pages", "x") != mkdocs.key("pages", "x")
    assert properdocs.key("equations", "x", shaped_by="inputs") == mkdocs.key(
        "equations", "x", shaped_by="inputs"
    )


def test_put_then_get(cache):
    cache.put("equations", "k1", b"<svg/>")
    assert cache.get("equations", "k1") == b"<svg/>"
    assert cache.get("equations", "k2") is None


def test_a_complete_build_keeps_exactly_what_it_used(tmp_path):
    first = Cache(tmp_path / "cache", build="e")
    for key in ("a", "b"):
        first.put("equations", key, b"1")
        first.put("pages", key, b"1")
    first.folder("notebook-html", "old").mkdir(parents=True)
    second = Cache(tmp_path / "cache", build="e")
    second.get("equations", "a")
    second.folder("notebook-html", "new").mkdir(parents=True)
    second.evict(["equations", "notebook-html"])
    assert sorted(os.listdir(tmp_path / "cache/equations")) == ["a"]
    assert os.listdir(tmp_path / "cache/notebook-html") == ["new"]
    assert sorted(os.listdir(tmp_path / "cache/pages")) == ["a", "b"]  # not evicted: not named


def test_a_write_is_atomic(cache, monkeypatch):
    cache.put("pages", "k", b"old")

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(cache_module.os, "replace", failing_replace)
    with pytest.raises(OSError):
        cache.put("pages", "k", b"new")
    assert cache.get("pages", "k") == b"old"
    assert os.listdir(cache.root / "pages") == ["k"]  # no temporary file left behind


def test_serve_keeps_the_entries_a_build_used_in_memory(tmp_path):
    memory: dict = {}
    first = Cache(tmp_path / "cache", build="env-1", memory=memory)
    first.put("equations", "k1", b"one")
    first.put("equations", "k2", b"two")
    assert first.get("equations", "k1") == b"one"
    first.keep_in_memory_only_used()
    assert set(memory) == {("equations", "k1"), ("equations", "k2")}
    # The next build (a new Cache on the same memory) reads k1 from memory, not from disk.
    (tmp_path / "cache/equations/k1").unlink()
    second = Cache(tmp_path / "cache", build="env-1", memory=memory)
    assert second.get("equations", "k1") == b"one"
    assert second.get("equations", "missing") is None
    second.keep_in_memory_only_used()
    assert set(memory) == {("equations", "k1")}  # k2 was not used by the second build
    # A build (no memory) reads the files only.
    assert Cache(tmp_path / "cache", build="env-1").get("equations", "k1") is None
