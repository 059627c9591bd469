"""`greenchain match`, `match-names` and `review`: entity resolution by hand.

match        the pipeline stage for one run (records + brand supplier lists → data/matched/<run>/)
match-names  resolve a file of names against a registry file, write a CSV with the explanation
review       the review queue: list uncertain matches, confirm or reject them (kept in
             data/review/judgements.jsonl and re-applied on every later run)
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import typer
from rich.console import Console
from rich.table import Table

from greenchain.paths import DataPaths

console = Console(stderr=True)
review_app = typer.Typer(
    help=("The review queue. Matches in the 'review' band (ambiguous or mid-score) wait here for a person; "
          "a judgement is stored in data/review/judgements.jsonl, never in the data, and wins over the "
          "score on every later run."),
    no_args_is_help=True,
)


def _fail(msg: str) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(2)


def match_cmd(
    run_id: str = typer.Option(..., "--run-id", help="Run whose data/normalized/<run>/records.parquet to match."),
) -> None:
    """Match one run's penalty records and every brand's supplier list to the company registry.

    Reads data/normalized/<run>/records.parquet and data/reference/ (companies.parquet, suppliers/);
    writes data/matched/<run>/record_matches.parquet and supplier_matches.parquet (a re-run overwrites),
    with a band per match: auto (accepted), review (a person decides), none.
    """
    from match.run import match_run

    paths = DataPaths.default()
    if not (paths.normalized_run(run_id) / "records.parquet").exists():
        _fail(f"no normalized records for run {run_id!r} under {paths.normalized_run(run_id)}")
    if not (paths.reference / "companies.parquet").exists():
        _fail(f"no company registry at {paths.reference / 'companies.parquet'}; import one with `greenchain reference import companies FILE` (or run `make demo`)")
    summary = match_run(run_id, paths, progress=True)
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))


def _read_queries(path: Path) -> list[dict[str, str | None]]:
    from match.inputs import iter_rows

    rows = [r for _, r in iter_rows(path)]
    if not rows:
        _fail(f"{path}: no rows")
    lower = {k.lower(): k for k in rows[0]}
    name_col = next((lower[c] for c in ("name", "query", "supplier_name", "party_name", "名称", "企业名称") if c in lower),
                    None)
    if name_col is None:
        _fail(f"{path}: needs a 'name' column (or query / supplier_name / party_name); found {', '.join(rows[0])}")
    addr_col = next((lower[c] for c in ("address", "supplier_address", "地址") if c in lower), None)
    uscc_col = next((lower[c] for c in ("uscc", "统一社会信用代码") if c in lower), None)
    return [{"name": r.get(name_col) or "", "address": r.get(addr_col) if addr_col else None,
             "uscc": r.get(uscc_col) if uscc_col else None} for r in rows]


def match_names_cmd(
    registry: Path = typer.Option(..., "--registry", help="Company registry: .parquet, .csv or .xlsx with the "
                                  "columns of data/reference/companies.parquet (company_id and name required)."),
    queries: Path = typer.Option(..., "--queries", help="CSV or XLSX of names to resolve: a 'name' column, "
                                 "optional 'address' and 'uscc' columns."),
    out: Path = typer.Option(..., "--out", help="CSV to write: query, matched company, score, band, rule, runner-up, explanation."),
) -> None:
    """Resolve a list of company names (Chinese, English or pinyin) against a registry file."""
    from match.config import load_matching_config
    from match.engine import Matcher, Query
    from match.inputs import read_registry

    for p in (registry, queries):
        if not p.exists():
            _fail(f"{p}: file not found")
    try:
        table, errors = read_registry(registry)
        rows = _read_queries(queries)
    except ValueError as e:
        _fail(str(e))
    for e in errors[:20]:
        console.print(f"[yellow]{e.file}:{e.line}: {e.reason}[/]")
    if len(errors) > 20:
        console.print(f"[yellow]… {len(errors) - 20} more registry row errors[/]")
    names = dict(zip(table["company_id"].to_pylist(), table["name"].to_pylist(), strict=True))
    matcher = Matcher.build(table, load_matching_config(), progress=True)
    try:
        results = matcher.match([Query(str(i), r["name"] or "", r["address"], r["uscc"]) for i, r in enumerate(rows)],
                                progress=True)
    finally:
        matcher.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["query", "address", "company_id", "company_name", "score", "band", "rule",
                    "runner_up_company_id", "runner_up_score", "explanation"])
        for r, res in zip(rows, results, strict=True):
            w.writerow([r["name"], r["address"] or "", res.company_id or "", names.get(res.company_id, "") if res.company_id else "",
                        f"{res.score:.4f}", res.band, res.rule, res.runner_up_company_id or "",
                        "" if res.runner_up_score is None else f"{res.runner_up_score:.4f}",
                        json.dumps(res.explanation, ensure_ascii=False)])
    bands = {b: sum(1 for x in results if x.band == b) for b in ("auto", "review", "none")}
    console.print(f"{len(results)} names → {out}: " + ", ".join(f"{k} {v}" for k, v in bands.items()))


def _latest_run(paths: DataPaths) -> str | None:
    root = paths.root / "matched"
    runs = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []
    return runs[-1] if runs else None


def _review_items(paths: DataPaths, run_id: str) -> list[dict[str, object]]:
    d = paths.matched_run(run_id)
    items: list[dict[str, object]] = []
    for kind, file, left in (("record", "record_matches.parquet", "record_id"),
                             ("supplier", "supplier_matches.parquet", "supplier_row_id")):
        f = d / file
        if not f.exists():
            continue
        for r in pq.read_table(f).to_pylist():
            items.append({"kind": kind, "left": r[left], **r})
    return items


@review_app.command("list")
def review_list(
    run_id: str = typer.Option(None, "--run-id", help="Matched run to read (default: the latest under data/matched/)."),
    show_all: bool = typer.Option(False, "--all", help="Include items that already have a judgement."),
    limit: int = typer.Option(50, "--limit", min=1, help="Show at most this many items."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines instead of a table."),
) -> None:
    """List matches waiting for review: the left id, the proposed company, score and why it is not automatic."""
    from match.review import load_judgements

    paths = DataPaths.default()
    run_id = run_id or _latest_run(paths)
    if run_id is None or not paths.matched_run(run_id).exists():
        _fail(f"no matched run {'found' if run_id is None else repr(run_id)} under {paths.root / 'matched'}")
    judged = load_judgements(paths)
    items = [i for i in _review_items(paths, run_id)
             if i["band"] == "review" and (show_all or str(i["left"]) not in judged)]
    if as_json:
        for i in items[:limit]:
            typer.echo(json.dumps({k: i[k] for k in ("kind", "left", "company_id", "score", "rule", "explanation")},
                                  ensure_ascii=False))
        return
    table = Table(title=f"review queue, run {run_id}: {len(items)} item(s)")
    for col in ("kind", "left", "name", "proposed company", "score", "runner-up", "why"):
        table.add_column(col, overflow="fold")
    for i in items[:limit]:
        e = json.loads(str(i["explanation"]))
        ru = e.get("runner_up") or {}
        table.add_row(str(i["kind"]), str(i["left"]), str(e.get("query", {}).get("name", "")),
                      f"{i['company_id']} {e.get('matched', {}).get('name', '')}", f"{i['score']:.3f}",
                      f"{ru.get('company_id', '')} {ru.get('score', '')}", str(e.get("reason", "")))
    Console().print(table)


def _judge(left: str, company_id: str | None, judgement: str, by: str, note: str | None, run_id: str | None) -> None:
    from match.review import record_judgement

    paths = DataPaths.default()
    if company_id is None:
        run_id = run_id or _latest_run(paths)
        found = [i for i in _review_items(paths, run_id)] if run_id else []
        hit = next((i for i in found if i["left"] == left), None)
        if hit is None or not hit["company_id"]:
            _fail(f"{left!r} has no proposed company in run {run_id!r}; give the company id explicitly")
        company_id = str(hit["company_id"])
    try:
        j = record_judgement(paths, left, company_id, judgement, by, note)
    except ValueError as e:
        _fail(str(e))
    typer.echo(f"{j.judgement}: {j.left} ↔ {j.company_id} by {j.by} at {j.at} (applied on every later match run)")


@review_app.command("confirm")
def review_confirm(
    left: str = typer.Argument(..., help="record_id or supplier_row_id."),
    company_id: str = typer.Argument(None, help="Company to confirm (default: the one proposed in the latest run)."),
    by: str = typer.Option(..., "--by", help="Who decides (kept with the judgement)."),
    note: str = typer.Option(None, "--note", help="Why, for the next reviewer."),
    run_id: str = typer.Option(None, "--run-id", help="Run to read the proposal from (default: latest)."),
) -> None:
    """Confirm a match: this record or supplier row IS this company, whatever the score says later."""
    _judge(left, company_id, "positive", by, note, run_id)


@review_app.command("reject")
def review_reject(
    left: str = typer.Argument(..., help="record_id or supplier_row_id."),
    company_id: str = typer.Argument(None, help="Company to reject (default: the one proposed in the latest run)."),
    by: str = typer.Option(..., "--by", help="Who decides (kept with the judgement)."),
    note: str = typer.Option(None, "--note", help="Why, for the next reviewer."),
    run_id: str = typer.Option(None, "--run-id", help="Run to read the proposal from (default: latest)."),
) -> None:
    """Reject a match: this record or supplier row is NOT this company; later runs never propose it again."""
    _judge(left, company_id, "negative", by, note, run_id)


@review_app.command("unsure")
def review_unsure(
    left: str = typer.Argument(..., help="record_id or supplier_row_id."),
    company_id: str = typer.Argument(None, help="Company concerned (default: the one proposed in the latest run)."),
    by: str = typer.Option(..., "--by", help="Who looked at it."),
    note: str = typer.Option(None, "--note", help="What is missing to decide."),
    run_id: str = typer.Option(None, "--run-id", help="Run to read the proposal from (default: latest)."),
) -> None:
    """Mark a match as unsure: it stays in review (never auto) until someone confirms or rejects it."""
    _judge(left, company_id, "unsure", by, note, run_id)


def register(app: typer.Typer) -> None:
    app.command("match")(match_cmd)
    app.command("match-names")(match_names_cmd)
    app.add_typer(review_app, name="review")
