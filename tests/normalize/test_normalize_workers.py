"""Worker processes share the reference data the parent loaded (the source registry takes ~1.5 s)."""

import multiprocessing
import os

import pytest
from test_normalize_run import _docs, _land

import normalize.document as document
from greenchain.paths import DataPaths
from normalize.run import normalize_run


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers inherit the parent's memory only when forked")
def test_the_source_registry_is_loaded_once_in_the_parent_not_in_each_worker(tmp_path, monkeypatch):
    loads = tmp_path / "registry-loads"

    class _Registry:
        def by_id(self) -> dict:
            return {}

    def counting_load_registry() -> _Registry:
        with loads.open("a") as f:  # one file for every process: which ones loaded it
            f.write(f"{os.getpid()}\n")
        return _Registry()

    monkeypatch.setattr(document, "load_registry", counting_load_registry)
    document._registry_sources.cache_clear()
    try:
        paths = DataPaths(tmp_path / "data")
        _land(paths, "r5", _docs())
        normalize_run("r5", paths, workers=2)
        assert loads.read_text().split() == [str(os.getpid())]
    finally:
        document._registry_sources.cache_clear()


def test_workers_start_inside_a_daemonic_process(tmp_path, monkeypatch):
    """A Celery worker runs tasks in daemonic processes, where multiprocessing refuses to start
    children ("daemonic processes are not allowed to have children"): normalize must run there."""
    monkeypatch.setitem(multiprocessing.current_process()._config, "daemon", True)
    paths = DataPaths(tmp_path / "data")
    _land(paths, "r6", _docs())
    summary = normalize_run("r6", paths, workers=2)
    assert summary["documents"] == len(_docs()) and summary["records"] > 0
