"""Hostile documents (issue #18) in a normalize run: each is quarantined with its reason, the worker
that choked on it is replaced, and every other document of the run still becomes its records.

The attacks are small here (bench/hostile_inputs.py builds them at any size) and the limits scaled
down to match; bench/robustness.py runs the full-size ones under the default limits."""

from __future__ import annotations

import faulthandler
import os
import signal

import pyarrow.parquet as pq
import pytest
from test_normalize_run import _docs, _land

import normalize.run as run_module
from bench import hostile_inputs as hostile
from greenchain.paths import DataPaths
from greenchain.settings import DocumentLimits
from normalize.run import normalize_run

BASE = "http://sim.example/hostile/"


def _quarantine(paths: DataPaths, run_id: str) -> dict[str, str]:
    rows = pq.read_table(paths.normalized_run(run_id) / "quarantine.parquet").to_pylist()
    return {r["source_url"]: r["reason"] for r in rows if r["source_url"].startswith(BASE)}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> dict:
    """The summary of the ordinary documents alone: what every hostile run must still produce."""
    paths = DataPaths(tmp_path_factory.mktemp("clean"))
    _land(paths, "clean", _docs())
    return normalize_run("clean", paths, workers=2)


def _run_with(tmp_path, clean_run: dict, hostile_docs: list, limits: DocumentLimits, run_id: str = "h") -> tuple[dict, dict]:
    paths = DataPaths(tmp_path)
    _land(paths, run_id, [*hostile_docs, *_docs()])
    summary = normalize_run(run_id, paths, workers=2, limits=limits)
    assert summary["records"] == clean_run["records"]  # the rest of the run is complete
    assert summary["documents"] == clean_run["documents"] + len(hostile_docs)
    assert summary["quarantined"] == clean_run["quarantined"] + len(hostile_docs)
    return summary, _quarantine(paths, run_id)


def test_a_json_of_100000_nested_brackets_is_quarantined_not_the_end_of_the_run(tmp_path, clean_run):
    doc = (BASE + "deep.json", hostile.nested_json(100_000), "json", None)  # the 200 KB document of the issue
    _, reasons = _run_with(tmp_path, clean_run, [doc], DocumentLimits())
    assert reasons[BASE + "deep.json"] == "JSON nested deeper than the reader's recursion limit"


def test_any_exception_in_a_reader_quarantines_that_document_only(tmp_path, clean_run, monkeypatch):
    url = BASE + "bug.html"

    def bug() -> None:
        raise KeyError("a reader's bug")

    _misbehave_on(monkeypatch, url, bug)
    summary, reasons = _run_with(tmp_path, clean_run, [(url, b"<html>x</html>", "html", "utf-8")], DocumentLimits())
    assert reasons[url] == "reader error: KeyError: \"a reader's bug\""
    assert summary["poison_documents"] == {"total": 1, "resource_limit": 0, "reader_error": 1, "worker_crashed": 0}
    assert summary["workers_replaced"] == 0


def test_bombs_are_refused_on_their_declared_and_decoded_sizes(tmp_path, clean_run):
    docs = [
        (BASE + "bomb.xlsx", hostile.xlsx_zip_bomb(24), "xlsx", None),  # 24 MB of cells in ~70 KB
        (BASE + "bomb.pdf", hostile.pdf_content_bomb(8), "pdf", None),  # 8 MB of paths in ~16 KB
        (BASE + "big.html", b"<html><body>" + b"<p>x</p>" * 300_000 + b"</body></html>", "html", "utf-8"),
    ]
    assert max(len(d[1]) for d in docs[:2]) < 100 * 1024
    limits = DocumentLimits(unzipped_mb=8, pdf_expanded_mb=2, document_mb=2)
    summary, reasons = _run_with(tmp_path, clean_run, docs, limits)
    assert reasons[BASE + "bomb.xlsx"].startswith("resource limit: zip members expand to 24.")
    assert reasons[BASE + "bomb.pdf"] == "resource limit: PDF streams expand past the 2.0 MB cap"
    assert reasons[BASE + "big.html"] == "resource limit: document larger than the 2.0 MB cap"
    assert summary["poison_documents"]["resource_limit"] == 3
    assert summary["workers_replaced"] == 0  # refused before reading: no worker was at risk


def test_a_zip_member_lying_about_its_size_cannot_expand_past_it(tmp_path, clean_run):
    doc = (BASE + "liar.xlsx", hostile.xlsx_lying_sizes(200), "xlsx", None)  # claims 1 KB, holds 200 MB
    _, reasons = _run_with(tmp_path, clean_run, [doc], DocumentLimits(unzipped_mb=8, memory_mb=64))
    assert reasons[BASE + "liar.xlsx"].startswith("unreadable xlsx file: BadZipFile: ")


@pytest.mark.parametrize("attack", ["xxe", "billion_laughs"])
def test_xml_entity_attacks_in_an_xlsx_stay_rejected(tmp_path, clean_run, attack):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-HOST-FILE")
    raw = hostile.xlsx_xxe(secret.as_uri()) if attack == "xxe" else hostile.xlsx_billion_laughs()
    _, reasons = _run_with(tmp_path / "data", clean_run, [(BASE + "x.xlsx", raw, "xlsx", None)], DocumentLimits())
    assert reasons[BASE + "x.xlsx"].startswith("unreadable xlsx file: ")
    written = b"".join(p.read_bytes() for p in (tmp_path / "data" / "normalized").rglob("*.parquet"))
    assert b"TOP-SECRET" not in written and b"lollollol" not in written


# --- the workers' own limits: a reader that never ends, eats memory, or crashes the process ---------


def _misbehave_on(monkeypatch, url: str, action) -> None:  # noqa: ANN001
    """Make reading `url` misbehave; the workers are forked, so they inherit the patch."""
    real = run_module.read_document

    def read_document(raw: bytes, **kw):  # noqa: ANN202
        if kw["url"] == url:
            action()
        return real(raw, **kw)

    monkeypatch.setattr(run_module, "read_document", read_document)


def _spin() -> None:
    while True:
        pass


def test_a_document_over_the_wall_time_limit_is_quarantined_and_its_worker_replaced(tmp_path, clean_run, monkeypatch):
    url = BASE + "slow.html"
    _misbehave_on(monkeypatch, url, _spin)
    summary, reasons = _run_with(tmp_path, clean_run, [(url, b"<html>x</html>", "html", "utf-8")], DocumentLimits(time_s=1))
    assert reasons[url] == "resource limit: wall time over 1 s"
    assert summary["workers_replaced"] == 1


@pytest.mark.parametrize("mb", [400, 16_000])  # caught by the poll or the worker's peak; by the address-space cap
def test_a_document_over_the_memory_limit_is_quarantined_and_its_worker_replaced(tmp_path, clean_run, monkeypatch, mb):
    url = BASE + "hungry.html"
    hoard = []
    _misbehave_on(monkeypatch, url, lambda: hoard.append(b"x" * (mb * 2**20)))
    summary, reasons = _run_with(tmp_path, clean_run, [(url, b"<html>x</html>", "html", "utf-8")], DocumentLimits(memory_mb=128))
    assert reasons[url] == "resource limit: memory over 128 MB"
    assert summary["workers_replaced"] == 1


def test_a_document_that_kills_its_worker_is_quarantined(tmp_path, clean_run, monkeypatch):
    url = BASE + "segv.pdf"
    # faulthandler off: pytest's would print the dying worker's stack, which is not news here
    _misbehave_on(monkeypatch, url, lambda: (faulthandler.disable(), os.kill(os.getpid(), signal.SIGSEGV)))
    summary, reasons = _run_with(tmp_path, clean_run, [(url, b"%PDF-1.4", "pdf", None)], DocumentLimits())
    assert reasons[url] == "worker crashed: killed by SIGSEGV"
    assert summary["poison_documents"]["worker_crashed"] == 1 and summary["workers_replaced"] == 1


def test_lone_surrogate_escapes_in_json_do_not_reach_the_records(tmp_path, clean_run):
    """"\ud800" in JSON decodes to half a UTF-16 pair, which no encoder takes (ids, OpenCC, Parquet)."""
    item = ('{"CF_XDR_MC": "吴江\\ud800某某印染有限公司", "CF_WSH": "苏环罚字〔2024〕18\\udfff号", '
            '"CF_CFJG": "苏州市生态环境局", "CF_JDRQ": "2024-05-14", "X\\ud83d": 1}')
    paths = DataPaths(tmp_path)
    _land(paths, "s", [(BASE + "s.json", item.encode(), "json", None), *_docs()])
    summary = normalize_run("s", paths, workers=2)
    assert summary["records"] == clean_run["records"] + 1
    names = pq.read_table(paths.normalized_run("s") / "records.parquet").column("party_name").to_pylist()
    assert "吴江\ufffd某某印染有限公司" in names
