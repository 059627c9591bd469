"""`greenchain parse` (one document, for debugging a source) and `greenchain normalize` (a whole run)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=True)
_DOC_TYPES = ("html", "json", "xls", "xlsx", "pdf")


def _fetch(url: str) -> tuple[bytes, str | None, str | None]:
    """GET one URL (through GREENCHAIN_PROXY when set): (bytes, declared charset, content type)."""
    import httpx

    proxy = os.environ.get("GREENCHAIN_PROXY") or None
    try:
        resp = httpx.get(url, proxy=proxy, timeout=30, follow_redirects=True)
    except httpx.HTTPError as e:
        raise typer.BadParameter(f"cannot fetch {url}: {e}") from None
    if resp.status_code != 200:
        raise typer.BadParameter(f"{url} answered HTTP {resp.status_code}")
    ctype = resp.headers.get("content-type")
    return resp.content, resp.charset_encoding, ctype


def parse_cmd(
    target: str = typer.Argument(..., metavar="PATH_OR_URL", help="A saved file of raw bytes (any encoding; .gz snapshots too) or an http(s) URL."),
    fmt: str = typer.Option("json", "--format", help="json (the canonical records) or table (one line per field, with the printed text and span it was read from)."),
    doc_type: str = typer.Option(None, "--doc-type", help="html, json, xls, xlsx or pdf (default: sniffed from the bytes and the name)."),
    source: str = typer.Option("cli", "--source", help="Source id from the registry: gives the kind, authority and division fallbacks."),
    kind: str = typer.Option(None, "--kind", help="Document kind when the document does not state one (penalty_decision, order_to_correct, monitoring_exceedance, key_polluter_listing, enterprise_disclosure); default: the source's kind, else penalty_decision. A document's own title or number wins."),
    encoding: str = typer.Option(None, "--encoding", help="Declared charset to try first (default: the HTTP header for URLs, none for files)."),
) -> None:
    """Parse ONE document and print its canonical record(s), or the reason it would be quarantined.

    Reads a saved page (HTML or plain text), JSON item or attachment (xls/xlsx/pdf) from disk, or
    fetches a URL with httpx (through the simulator proxy when GREENCHAIN_PROXY is set). With
    --format table every field shows the text it was read from and its character span in the
    page's text (or its JSON key / table cell), and what was inferred rather than read. Exits 1
    when the document would be quarantined, 2 on bad arguments.
    """
    import gzip

    from normalize.document import read_document, sniff_doc_type, source_for

    if fmt not in ("json", "table"):
        raise typer.BadParameter(f"--format must be json or table, got {fmt!r}")
    if doc_type is not None and doc_type not in _DOC_TYPES:
        raise typer.BadParameter(f"--doc-type must be one of {', '.join(_DOC_TYPES)}, got {doc_type!r}")
    ctype = None
    if target.startswith(("http://", "https://")):
        raw, declared, ctype = _fetch(target)
        url = target
    else:
        path = Path(target)
        if not path.is_file():
            raise typer.BadParameter(f"no such file: {target}")
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        declared, url = None, path.resolve().as_uri()
    if kind is None and source_for(source) is None:
        kind = "penalty_decision"
    dtype = doc_type or sniff_doc_type(raw, url, ctype)
    result = read_document(raw, url=url, doc_type=dtype, declared_encoding=encoding or declared, source_id=source, kind=kind)
    if fmt == "json":
        out = {
            "records": [r.model_dump(mode="json") for r in result.records],
            "quarantined": [{"reason": q.reason, "parser": q.parser, "row_index": q.row_index} for q in result.quarantined],
        }
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        out_console = Console()
        for r in result.records:
            out_console.print(record_table(r))
        for q in result.quarantined:
            out_console.print(f"[red]quarantined[/red] row {q.row_index}: {q.reason}" if q.row_index is not None else f"[red]quarantined[/red]: {q.reason}")
    if not result.records:
        raise typer.Exit(1)


# record fields → the evidence field names they are read from
_EVIDENCE_OF = {
    "decision_no": "decision_no_raw", "party_name": "party_name_raw", "fine_yuan": "penalty_content",
    "fines": "penalty_content", "fines_on_persons": "penalty_content", "proposed_fine_yuan": "penalty_content",
    "penalty_kinds": "penalty_content", "laws_violated": "violated", "penalty_basis_law": "legal_basis",
    "uscc_status": "uscc", "violation_types": "facts", "pollutants": "facts",
}  # fmt: skip
_NOT_SHOWN = {"evidence", "warnings", "flags"}


def record_table(r) -> Table:  # noqa: ANN001 - a CanonicalRecord
    """One record as a table: field, value, and the evidence it was read from."""
    t = Table(title=f"{r.record_id} ({r.parser}, {r.doc_kind.value})")
    t.add_column("field")
    t.add_column("value", overflow="fold")
    t.add_column("read from", overflow="fold")
    evidence = {e.field: e for e in r.evidence}
    for k, v in r.model_dump(mode="json").items():
        if k in _NOT_SHOWN:
            continue
        value = json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else str(v)
        e = evidence.get(k) or evidence.get(_EVIDENCE_OF.get(k, ""))
        t.add_row(k, value, _evidence_cell(e) if e is not None and v not in (None, [], "") else "")
    if r.flags:
        t.add_row("flags", "; ".join(r.flags), "")
    if r.warnings:
        t.add_row("warnings", "; ".join(r.warnings), "")
    return t


def _evidence_cell(e) -> str:  # noqa: ANN001 - an Evidence
    if e.inferred_from:
        return f"inferred from {e.inferred_from}"
    text = e.text if len(e.text) <= 80 else e.text[:77] + "…"
    where = f"[{e.start}:{e.end}]" if e.start is not None else (e.where or "")
    return f"{where} {text!r}"


def normalize_cmd(
    run_id: str = typer.Option(..., "--run-id", help="The crawl run whose landing files (data/landing/<run_id>/) to normalize."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    workers: int | None = typer.Option(None, "--workers", min=1, max=16, help="Parse in this many processes (default: normalize.workers in config/greenchain.yaml, one per CPU); results are identical.", show_default=False),
) -> None:
    """Normalize a crawl run: every landing document → data/normalized/<run_id>/records.parquet and
    quarantine.parquet (rewritten atomically; re-running gives identical records and ids)."""
    from greenchain.paths import DataPaths
    from normalize.run import normalize_run

    paths = DataPaths.default()
    if not paths.landing_run(run_id).is_dir():
        raise typer.BadParameter(f"no landing files for run {run_id!r} under {paths.landing_run(run_id)}")
    if workers is None:
        from greenchain.settings import load_settings

        workers = load_settings().normalize.worker_count()
    summary = normalize_run(run_id, paths, workers=workers)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    console.print(
        f"run {run_id}: {summary['documents']} documents → {summary['records']} records, "
        f"{summary['quarantined']} quarantined, written to {summary['output']}"
    )
    for reason, n in summary["quarantined_by_reason"].items():
        console.print(f"  quarantined {n:>6}  {reason}")
    for cat, v in summary["unknown_values"].items():
        console.print(f"  unknown {cat}: {v['total']} (top: {', '.join(list(v['top'])[:5])})")
    flagged = summary["data_quality"]["most_flagged"]
    if flagged:
        console.print(f"  data quality by source (fields the pages do not state, inferred or masked; all sources in {summary['data_quality']['file']}):")
        for sid, flags in list(flagged.items())[:10]:
            console.print(f"    {sid}: " + ", ".join(f"{k} {n}" for k, n in sorted(flags.items(), key=lambda x: -x[1])))


def register(app: typer.Typer) -> None:
    app.command("parse")(parse_cmd)
    app.command("normalize")(normalize_cmd)
