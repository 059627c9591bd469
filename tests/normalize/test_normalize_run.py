"""normalize_run over a landing directory: outputs, quarantine with snapshot hashes, determinism, CLI."""

import gzip
import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
from build_attachments import xlsx_bytes
from typer.testing import CliRunner

from greenchain.paths import DataPaths
from normalize.run import normalize_run

FIXTURES = Path(__file__).parent / "fixtures"


def _land(paths: DataPaths, run_id: str, docs: list[tuple[str, bytes, str, str | None]], *, store: bool = True) -> None:
    lines = []
    for i, (url, raw, doc_type, enc) in enumerate(docs):
        sha = hashlib.sha256(raw).hexdigest()
        if store:
            snap = paths.snapshots / sha[:2] / f"{sha}.gz"
            snap.parent.mkdir(parents=True, exist_ok=True)
            snap.write_bytes(gzip.compress(raw, mtime=0))
        lines.append({"source_id": "t-src", "run_id": run_id, "url": url, "list_url": "http://sim.example/list",
                      "fetched_at": f"2026-11-23T02:00:0{i}+00:00", "status": 200, "headers": {},
                      "snapshot_sha256": sha, "size": len(raw), "doc_type": doc_type, "template": "trs_wcm",
                      "kind": "penalty_decision", "list_title": None, "list_date": "2026-11-20",
                      "declared_encoding": enc})  # fmt: skip
    d = paths.landing_run(run_id)
    d.mkdir(parents=True, exist_ok=True)
    with (d / "t-src.jsonl").open("a", encoding="utf-8") as f:
        for ln in lines:
            f.write(json.dumps(ln, ensure_ascii=False) + "\n")


def _docs() -> list[tuple[str, bytes, str, str | None]]:
    return [
        ("http://sim.example/a.html", (FIXTURES / "prose_gbk.html").read_text(encoding="utf-8").encode("gbk"), "html", "utf-8"),
        ("http://sim.example/b.html", (FIXTURES / "label_table_traditional.html").read_bytes(), "html", "utf-8"),
        ("http://sim.example/c.json", (FIXTURES / "shuanggongshi.json").read_bytes(), "json", None),
        ("http://sim.example/d.xlsx", xlsx_bytes(), "xlsx", None),
        ("http://sim.example/e.html", (FIXTURES / "no_party.html").read_bytes(), "html", "utf-8"),
    ]


def test_normalize_run_writes_records_and_quarantine_and_is_deterministic(tmp_path):
    paths = DataPaths(tmp_path)
    _land(paths, "r1", _docs())
    _land(paths, "r1", [("http://sim.example/gone.html", b"<html>never stored</html>", "html", "utf-8")], store=False)
    summary = normalize_run("r1", paths)
    assert summary["documents"] == 6 and summary["records"] == 5 and summary["quarantined"] == 3
    assert summary["quarantined_by_reason"] == {
        "missing mandatory field: party_name": 1,
        "no record layout recognized (no label table, no party block, no reported penalty)": 1,
        "snapshot missing": 1,
    }
    assert summary["unknown_values"]["label"]["top"] == {"json:CF_NEWKEY": 1}

    out = paths.normalized_run("r1")
    records = pq.read_table(out / "records.parquet")
    quarantine = pq.read_table(out / "quarantine.parquet")
    assert records.num_rows == 5 and quarantine.num_rows == 3
    assert records.schema.field("fines").type.value_type.names == ["amount_yuan", "raw"]
    q = {r["reason"]: r for r in quarantine.to_pylist()}
    assert q["snapshot missing"]["snapshot_sha256"] == hashlib.sha256(b"<html>never stored</html>").hexdigest()
    assert q["missing mandatory field: party_name"]["row_index"] == 2

    first = (out / "records.parquet").read_bytes(), (out / "quarantine.parquet").read_bytes()
    assert normalize_run("r1", paths) == summary
    assert ((out / "records.parquet").read_bytes(), (out / "quarantine.parquet").read_bytes()) == first
    assert not list(out.glob(".*tmp"))


def test_same_decision_fetched_twice_in_a_run_is_one_record(tmp_path):
    paths = DataPaths(tmp_path)
    raw = (FIXTURES / "label_table_traditional.html").read_bytes()
    _land(paths, "r2", [("http://sim.example/b.html", raw, "html", "utf-8"), ("http://sim.example/b.html", raw, "html", "utf-8")])
    summary = normalize_run("r2", paths)
    assert (summary["records"], summary["duplicate_records"]) == (1, 1)


def test_cli_parse_prints_records_and_exits_nonzero_for_a_quarantined_page():
    from greenchain.cli.main import app

    runner = CliRunner()
    ok = runner.invoke(app, ["parse", str(FIXTURES / "label_table_traditional.html"), "--format", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["records"][0]["decision_no"] == "苏环罚字〔2023〕12号"
    bad = runner.invoke(app, ["parse", str(FIXTURES / "no_party.html")])
    assert bad.exit_code == 1
    assert "no record layout recognized" in json.loads(bad.stdout)["quarantined"][0]["reason"]
    wrong = runner.invoke(app, ["parse", str(FIXTURES / "no_party.html"), "--doc-type", "docx"])
    assert wrong.exit_code == 2 and "--doc-type" in wrong.output


def test_cli_normalize_rejects_an_unknown_run(tmp_path, monkeypatch):
    from greenchain.cli.main import app

    monkeypatch.setenv("GREENCHAIN_DATA_DIR", str(tmp_path))
    res = CliRunner().invoke(app, ["normalize", "--run-id", "nope"])
    assert res.exit_code == 2 and "no landing files" in res.output


def test_two_documents_claiming_one_decision_keep_the_later_and_quarantine_the_other(tmp_path):
    paths = DataPaths(tmp_path)
    raw = (FIXTURES / "label_table_traditional.html").read_bytes()
    revised = raw.replace("壹拾萬元".encode(), "貳拾萬元".encode())
    _land(paths, "r3", [("http://sim.example/b.html", raw, "html", "utf-8"), ("http://sim.example/b2.html", revised, "html", "utf-8")])
    summary = normalize_run("r3", paths)
    assert (summary["records"], summary["quarantined"]) == (1, 1)
    [rec] = pq.read_table(paths.normalized_run("r3") / "records.parquet").to_pylist()
    assert rec["source_url"] == "http://sim.example/b2.html" and rec["fine_yuan"] == 250000
    [q] = pq.read_table(paths.normalized_run("r3") / "quarantine.parquet").to_pylist()
    assert q["source_url"] == "http://sim.example/b.html" and "superseded by http://sim.example/b2.html" in q["reason"]


def test_parsing_in_two_processes_gives_the_same_files(tmp_path):
    paths = DataPaths(tmp_path)
    _land(paths, "r4", _docs())
    one = normalize_run("r4", paths)
    first = (paths.normalized_run("r4") / "records.parquet").read_bytes()
    assert normalize_run("r4", paths, workers=2) == one
    assert (paths.normalized_run("r4") / "records.parquet").read_bytes() == first
