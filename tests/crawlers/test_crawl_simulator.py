"""Live-style crawl of the local source simulator: every template, each fault mode, day 1 then day 2.

The simulator serves the whole registry on a free loopback port; the crawl covers a few dozen
sources (a handful per template plus one per fault mode) and is checked against the simulator's truth.
"""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from crawlers.run import crawl
from greenchain.paths import PROJECT_ROOT, DataPaths
from greenchain.registry import Registry, SourceKind, Template, load_registry
from simulator.config import SimulatorConfig, load_simulator_config
from simulator.server import running_simulator
from simulator.site import SimulatedWeb
from simulator.truth import truth_lines

FAULTS = {  # fault mode -> template of the source that gets it
    "transient_5xx": Template.TRS_WCM, "rate_limited": Template.HANWEB_JCMS, "charset_mislabelled": Template.HTML_TABLE,
    "truncated_html": Template.TRS_WCM, "slow": Template.JSON_API, "layout_change": Template.HANWEB_JCMS,
    "empty_list": Template.JSON_API, "permanent_5xx": Template.ATTACHMENT, "firewall_412": Template.HTML_TABLE,
    "timeout": Template.TRS_WCM, "takedown": Template.HTML_TABLE,
}
SLOW_S = 0.5  # every answer of the 'slow' source is this late: 1/24 of the crawler's patience
TIMEOUT_S = 12.0  # the crawler's download timeout in this test
HANG_S = 30.0  # the 'timeout' source's list page: no answer for this long, then the connection drops


def choose(web: SimulatedWeb, registry: Registry) -> tuple[list[str], dict[str, str]]:
    """Three healthy penalty sources per template, and one source per fault mode."""
    healthy: list[str] = []
    faulty: dict[str, str] = {}
    for t in Template:
        pool = [s for s in registry.active() if s.template == t and s.kind == SourceKind.PENALTY_DECISION
                and s.min_items > 0 and web.publisher.catalogue_size(s) >= 2]
        healthy += [s.id for s in pool[:3]]
        for mode, mt in FAULTS.items():
            if mt == t:
                # a rate-limited source must be asked at least rate_every (5) times to see a 429
                need = 8 if mode == "rate_limited" else 2
                faulty[next(s.id for s in pool[3:] if s.id not in faulty
                            and web.publisher.catalogue_size(s) >= need)] = mode
    return healthy, faulty


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    registry = load_registry(include_historical=False)
    quiet = load_simulator_config()
    probe = SimulatedWeb(registry, SimulatorConfig.model_validate({**quiet.model_dump(), "faults": {}}),
                         seed=3, n_companies=2000)
    healthy, faulty = choose(probe, registry)
    # Timing faults are set against the crawler's timeout with wide margins, so a machine shared with
    # other work (the simulator renders on one thread) cannot turn a slow answer into a timeout, nor
    # a hung one into an answer: slow answers come after SLOW_S, the crawler waits TIMEOUT_S, a hung
    # list page says nothing for HANG_S.
    params = {**quiet.fault_params.model_dump(), "slow_s": SLOW_S, "timeout_s": HANG_S}
    cfg = SimulatorConfig.model_validate({**quiet.model_dump(), "faults": {}, "overrides": faulty,
                                          "fault_params": params})
    web = SimulatedWeb(registry, cfg, seed=3, n_companies=2000)
    conf = tmp_path_factory.mktemp("config")
    shutil.copytree(PROJECT_ROOT / "config" / "sources", conf / "sources")
    crawl_cfg = yaml.safe_load((PROJECT_ROOT / "config" / "crawl.yaml").read_text("utf-8"))
    crawl_cfg["profiles"]["simulator"]["download_timeout_s"] = TIMEOUT_S
    (conf / "crawl.yaml").write_text(yaml.safe_dump(crawl_cfg, allow_unicode=True), "utf-8")
    data = tmp_path_factory.mktemp("data")
    with running_simulator(web) as url:
        yield web, url, conf, DataPaths(data), healthy, faulty


def landed(paths: DataPaths, run: str, sid: str) -> set[str]:
    f = paths.landing_run(run) / f"{sid}.jsonl"
    return {json.loads(x)["url"] for x in f.read_text("utf-8").splitlines()}


def health(paths: DataPaths, run: str, sid: str) -> dict:
    return json.loads((paths.landing_run(run) / "health" / f"{sid}.json").read_text("utf-8"))


def test_day1_then_day2_against_truth(world) -> None:
    web, url, conf, paths, healthy, faulty = world
    ids = healthy + list(faulty)
    day1 = crawl("sim-d1", ids, paths=paths, profile="simulator", proxy=url, config_dir=conf)
    truth: dict[str, set[str]] = {i: set() for i in ids}
    crawlable: dict[str, bool] = {}
    for line in truth_lines(web, 1, ids, progress=False):
        crawlable[line["source_id"]] = line["crawlable"]
        if line["status"] == "live":
            truth[line["source_id"]].add(line["url"])
    for sid in healthy + [s for s, m in faulty.items() if m in
                          ("transient_5xx", "rate_limited", "charset_mislabelled", "truncated_html", "slow",
                           "layout_change", "takedown")]:
        assert landed(paths, "sim-d1", sid) == truth[sid], (sid, faulty.get(sid))
        assert health(paths, "sim-d1", sid)["status"] == "ok", (sid, health(paths, "sim-d1", sid))
    by_mode = {m: health(paths, "sim-d1", s) for s, m in faulty.items()}
    assert by_mode["permanent_5xx"]["status"] == "failed" and "http_503" in by_mode["permanent_5xx"]["reason"]
    assert by_mode["firewall_412"]["status"] == "failed" and "http_412" in by_mode["firewall_412"]["reason"]
    assert by_mode["timeout"]["status"] == "failed" and "timeout" in by_mode["timeout"]["reason"]
    assert by_mode["empty_list"]["status"] == "zero_items"
    # The slow source was waited for, not given up on: every answer late, none timed out, all landed.
    assert by_mode["slow"]["duration_s"] >= SLOW_S and "timeout" not in by_mode["slow"]["errors"]
    assert by_mode["rate_limited"]["errors"]["http_429"] >= 1
    assert by_mode["transient_5xx"]["errors"].keys() >= {"http_500", "http_502"}
    assert by_mode["charset_mislabelled"]["errors"]["decode"] >= 1
    assert by_mode["truncated_html"]["errors"]["truncated"] >= 1
    assert {f["source_id"] for f in day1["failing"]} == {s for s, m in faulty.items() if m in
                                                        ("permanent_5xx", "firewall_412", "timeout", "empty_list")}

    # Day 2: only list pages and the new documents are fetched.
    web.set_day(2)
    web.reset_stats()
    crawl("sim-d2", ids, paths=paths, profile="simulator", proxy=url, config_dir=conf)
    new2: dict[str, set[str]] = {i: set() for i in ids}
    for line in truth_lines(web, 2, ids, progress=False):
        if line["status"] == "live" and line["first_day"] == 2:
            new2[line["source_id"]].add(line["url"])
    for sid in healthy:
        assert landed(paths, "sim-d2", sid) == new2[sid], sid
    h2 = [health(paths, "sim-d2", s) for s in healthy]
    lists, docs = sum(h["list_pages"] for h in h2), sum(h["detail_pages"] + h["article_pages"] for h in h2)
    ours = sum(h["requests"] for h in h2)
    not_modified = sum(1 for h in h2 if h["not_modified"])  # a 304 is a request but not a list page
    assert ours <= (lists + docs + not_modified) * 1.05, (ours, lists, docs, not_modified)
    # every request the simulator saw is one a source accounted for (robots.txt came from the cache)
    assert web.stats()["total"] == sum(health(paths, "sim-d2", s)["requests"] for s in ids)
