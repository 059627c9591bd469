"""`greenchain sources discover` and `sources check` against the simulator's home pages and changed
sites, and their pieces on short strings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from crawlers.check import classify, previous_signature
from crawlers.config import load_crawl_config
from crawlers.discover import column_kind, discover
from crawlers.fetch import Fetched, SafeFetcher
from greenchain.cli import sources as sources_cli
from greenchain.paths import PROJECT_ROOT
from greenchain.registry import Registry, SourceKind, SourceStatus, Template, load_registry
from greenchain.registry_verification import Verification, load_verifications
from simulator.config import load_simulator_config
from simulator.server import running_simulator
from simulator.site import SimulatedWeb

NOW = "2026-11-22T02:00:00+00:00"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(include_historical=False)


def _web(registry: Registry, **overrides: str) -> SimulatedWeb:
    cfg = load_simulator_config().model_copy(update={"faults": {}, "overrides": dict(overrides)})
    return SimulatedWeb(registry, cfg, seed=3, n_companies=20000)


@pytest.mark.parametrize(("text", "url", "kind"), [
    ("行政处罚", "/xxgk/a/", SourceKind.PENALTY_DECISION),
    ("处罚决定公开", "/x/", SourceKind.PENALTY_DECISION),
    ("双公示（行政处罚）", "/x/", SourceKind.PENALTY_DECISION),
    ("处罚强制", "/zfxxgk/fdzdgknr/cfqz/", SourceKind.PENALTY_DECISION),
    ("责令改正违法行为", "/x/", SourceKind.ORDER_TO_CORRECT),
    ("在线监测超标情况", "/x/", SourceKind.MONITORING_EXCEEDANCE),
    ("环境监管重点单位名录", "/x/", SourceKind.KEY_POLLUTER_LIST),
    ("企业环境信息依法披露", "/x/", SourceKind.ENTERPRISE_DISCLOSURE),
    ("更多", "/hjzf/xzcf/", SourceKind.PENALTY_DECISION),  # a generic text: the URL's words decide
    ("行政处罚裁量基准", "/xxgk/xzcf/", None),
    ("行政处罚事项清单", "/x/", None),
    ("行政许可", "/xxgk/xzxk/", None),
    ("环评审批公示", "/xxgk/hpsp/", None),
    ("新闻动态", "/xwdt/", None),
])
def test_column_vocabulary(text: str, url: str, kind: SourceKind | None) -> None:
    assert column_kind(text, "http://sthjj.example.gov.cn" + url) == kind


def test_discover_finds_every_html_column_of_a_bureau_and_its_branches_and_nothing_else(registry) -> None:  # noqa: ANN001
    web = _web(registry)
    city = next(h for h, ss in web.hosts.items() if len({s.authority for s in ss}) >= 3
                and any(s.template == Template.HANWEB_JCMS for s in ss))
    county = next(h for h, ss in web.hosts.items() if h.startswith("www.") and any(
        s.template == Template.TRS_WCM and s.list_path.startswith("/zwgk/sthjj/") for s in ss))
    with running_simulator(web) as url:
        cfg = load_crawl_config()
        with SafeFetcher(cfg, cfg.profile("simulator"), url) as f:
            for host in (city, county):
                report = discover(f, f"http://{host}/")
                truth = {(s.list_url, s.kind) for s in web.hosts[host] if s.template != Template.JSON_API}
                got = {(p.list_url, p.kind) for p in report.proposals}
                assert got == truth, host
                for p in report.proposals:
                    s = next(s for s in web.hosts[host] if s.list_url == p.list_url)
                    assert p.authority == s.authority
                    assert p.evidence[0].startswith("link ") and "items on the first page" in p.evidence[-1]
                    if s.template == Template.HANWEB_JCMS:
                        assert p.template == Template.HANWEB_JCMS and p.params["columnid"] == s.params["columnid"]


def test_discover_cli_dry_run_then_write_adds_observed_rows_with_evidence(registry, tmp_path: Path) -> None:  # noqa: ANN001
    web = _web(registry)
    host = next(h for h, ss in web.hosts.items() if len(ss) >= 3 and ss[0].template == Template.TRS_WCM)
    cfg = tmp_path / "config"
    (cfg / "sources").mkdir(parents=True)
    own = [s for s in web.hosts[host]]
    # a registry without this host's rows, so every column is new
    lines = (PROJECT_ROOT / "config/sources/registry.csv").read_text("utf-8").splitlines(keepends=True)
    (cfg / "sources" / "registry.csv").write_text(
        "".join(ln for ln in lines if f"http://{host}," not in ln), "utf-8")
    app = typer.Typer()
    sources_cli.register(app)
    with running_simulator(web) as url:
        args = ["sources", "discover", f"http://{host}/", "--profile", "simulator", "--proxy", url,
                "--config-dir", str(cfg)]
        dry = CliRunner().invoke(app, args)
        assert dry.exit_code == 0, dry.output
        assert "dry run" in dry.output and not (cfg / "sources" / "discovered.csv").exists()
        wrote = CliRunner().invoke(app, [*args, "--write"])
        assert wrote.exit_code == 0, wrote.output
    reg = load_registry(cfg, include_historical=False)
    found = [s for s in reg.sources if s.origin.value == "observed"]
    html_own = [s for s in own if s.template != Template.JSON_API]
    assert sorted(s.list_url for s in found) == sorted(s.list_url for s in html_own)
    for s in found:
        twin = next(o for o in html_own if o.list_url == s.list_url)
        assert (s.kind, s.division_code) == (twin.kind, twin.division_code)
        assert s.notes and "found by sources discover" in s.notes
    ledger = load_verifications(cfg)
    assert {v.result for v in ledger.values()} == {"observed"} and len(ledger) == len(found)


def test_check_tells_moved_gone_changed_empty_and_failing_sites_apart(registry, tmp_path: Path) -> None:  # noqa: ANN001
    pool = [s for s in registry.active() if s.min_items > 0]
    by_template = {t: [s for s in pool if s.template == t] for t in Template}
    chosen: dict[str, str] = {}
    modes = ("moved", "gone", "template_changed", "empty_list", "permanent_5xx")
    for t in (Template.TRS_WCM, Template.HANWEB_JCMS, Template.JSON_API, Template.HTML_TABLE):
        for mode, s in zip(modes, by_template[t], strict=False):
            chosen[s.id] = mode
    healthy = [s.id for t in Template for s in by_template[t][10:12]]
    web = _web(registry, **chosen)
    cfg = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config" / "sources", cfg / "sources")
    app = typer.Typer()
    sources_cli.register(app)
    report = tmp_path / "check.jsonl"
    with running_simulator(web) as url:
        res = CliRunner().invoke(app, ["sources", "check", "--sources", ",".join([*chosen, *healthy]), "--profile",
                                       "simulator", "--proxy", url, "--report", str(report), "--config-dir", str(cfg)])
    assert res.exit_code == 0, res.output
    got = {json.loads(x)["source_id"]: json.loads(x) for x in report.read_text("utf-8").splitlines()}
    want = {"moved": "moved", "gone": "gone", "template_changed": "template_changed", "empty_list": "zero_items",
            "permanent_5xx": "failing"}
    for sid, mode in chosen.items():
        assert got[sid]["result"] == want[mode], (sid, mode, got[sid])
    assert all(got[sid]["result"] == "ok" for sid in healthy), [got[s] for s in healthy]
    moved = next(sid for sid, m in chosen.items() if m == "moved")
    assert got[moved]["final_url"].startswith("http://new.")
    ledger = load_verifications(cfg)
    assert set(ledger) == set(got) and {v.method for v in ledger.values()} == {"sources check"}
    assert ledger[moved].origin == "generated" and ledger[moved].result == "moved"


def test_check_keeps_historical_rows_historical(tmp_path: Path) -> None:
    reg = load_registry()
    hist = [s for s in reg.sources if s.status == SourceStatus.HISTORICAL]
    if not hist:
        pytest.skip("../shared/realdata/cn-env-source-urls is absent")
    cfg = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config" / "sources", cfg / "sources")
    web = _web(load_registry(include_historical=False))
    app = typer.Typer()
    sources_cli.register(app)
    with running_simulator(web) as url:  # the simulator does not know these old hosts: 502
        res = CliRunner().invoke(app, ["sources", "check", "--status", "historical", "--limit", "3", "--profile",
                                       "simulator", "--proxy", url, "--config-dir", str(cfg)])
    assert res.exit_code == 0, res.output
    ledger = load_verifications(cfg)
    assert len(ledger) == 3 and {v.origin for v in ledger.values()} == {"historical"}
    again = load_registry(cfg)
    assert all(again.get(sid).status == SourceStatus.HISTORICAL for sid in ledger)


def _fetched(status: int | None = 200, body: bytes = b"", final: str | None = None, error: str | None = None,
             redirects: list[tuple[int, str]] | None = None) -> Fetched:
    url = "http://sthjj.example.gov.cn/xxgk/xzcf/"
    return Fetched(url, final or url, status, {"content-type": "text/html; charset=utf-8"}, body, redirects or [],
                   error)


def test_classify_reads_the_answer_as_a_verdict(registry) -> None:  # noqa: ANN001
    s = next(s for s in registry.active() if s.template == Template.TRS_WCM and s.min_items > 0).model_copy(
        update={"base_url": "http://sthjj.example.gov.cn", "list_path": "/xxgk/xzcf/"})
    page = ('<html><body><ul><li><a href="./202611/t20261120_1.html">某某公司行政处罚决定书</a><span>2026-11-20</span>'
            '</li></ul><script>createPageHTML(1, 0, "index", "shtml");</script></body></html>').encode()
    assert classify(s, _fetched(body=page), None, NOW).result == "ok"
    assert classify(s, _fetched(error="dns"), None, NOW).result == "gone"
    assert classify(s, _fetched(error="timeout"), None, NOW).result == "failing"
    assert classify(s, _fetched(error="unsafe_address: 10.0.0.1 is a private address"), None, NOW).result == "failing"
    home = _fetched(body=page, final="http://sthjj.example.gov.cn/", redirects=[(302, "http://sthjj.example.gov.cn/")])
    assert classify(s, home, None, NOW).result == "gone"
    same = _fetched(body=page, final="http://sthjj.example.gov.cn/xxgk/xzcf/index.shtml",
                    redirects=[(302, "http://sthjj.example.gov.cn/xxgk/xzcf/index.shtml")])
    assert classify(s, same, None, NOW).result == "ok"  # index.shtml is the same list
    changed = classify(s, _fetched(body=page), "0123456789abcdef", NOW)
    assert changed.result == "template_changed" and "markup changed" in changed.detail
    last = Verification(source_id=s.id, origin="generated", verified_at=NOW, method="sources check", result="ok",
                        signature="feedfacefeedface")
    assert previous_signature(s, last, None) == "feedfacefeedface"
