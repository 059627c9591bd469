"""Second runs fetch list pages and only new documents; re-running a run id reproduces its landing."""

from __future__ import annotations

import json
from pathlib import Path

from fixture_site import FIXTURES
from registry_rows import ROWS, write_config

from crawlers.run import crawl
from greenchain.paths import DataPaths

TRS = "sthjj.trs-demo.gov.cn"
JSON = "xyfw.json-demo.gov.cn"
NEW = ('<li><a href="./202606/t20260611_1006.html" title="南京己钢铁有限公司行政处罚决定书" target="_blank">'
       '南京己钢铁有限公司行政处罚决定书</a><span>2026-06-11</span></li>')


def lines(data: Path, run: str, sid: str) -> list[dict]:
    return [json.loads(x) for x in (data / "landing" / run / f"{sid}.jsonl").read_text("utf-8").splitlines()]


def test_second_run_fetches_only_new_details_and_rerun_rewrites(site, tmp_path, data_dir) -> None:
    s, proxy = site
    cfg = write_config(tmp_path / "cfg", {k: ROWS[k] for k in ("nj-trs-xzcf", "gz-json-xzcf")})
    paths = DataPaths(data_dir)
    first = crawl("d1", None, paths=paths, profile="simulator", proxy=proxy, config_dir=cfg)
    assert first["ok"] == 2 and first["detail_pages"] == 8
    listing = json.loads((data_dir / "landing/d1/listing/nj-trs-xzcf.json").read_text("utf-8"))
    assert listing["complete"] is True and len(listing["urls"]) == 5

    # Day 2: one new decision at the top of the TRS list; the JSON API is unchanged.
    page1 = (FIXTURES / "trs_wcm" / TRS / "hjjc/xzcf/index.shtml").read_bytes()
    s.overrides[(TRS, "/hjjc/xzcf/index.shtml")] = page1.replace(b'<ul class="list">',
                                                                 b'<ul class="list">' + NEW.encode("gbk"))
    s.overrides[(TRS, "/hjjc/xzcf/202606/t20260611_1006.html")] = "<html><body>新决定</body></html>".encode("gbk")
    before = s.hits.copy()
    second = crawl("d2", None, paths=paths, profile="simulator", proxy=proxy, config_dir=cfg)
    assert second["ok"] == 2
    new_hits = s.hits - before
    assert new_hits[(TRS, "/hjjc/xzcf/202606/t20260611_1006.html")] == 1
    assert not [k for k in new_hits if "/2026" in k[1] and not k[1].endswith("_1006.html")], new_hits
    # page 2 still holds only known items, so paging stops there; no detail is fetched twice
    assert [u["url"].rsplit("/", 1)[1] for u in lines(data_dir, "d2", "nj-trs-xzcf")] == ["t20260611_1006.html"]
    # the unchanged API answered 304 to the conditional list request
    json_req = [h for m, host, k, h in s.log if host == JSON and k == "/api/penalty/list@pageNo=1"]
    assert "If-None-Match" in json_req[-1]
    health = json.loads((data_dir / "landing/d2/health/gz-json-xzcf.json").read_text("utf-8"))
    assert (health["status"], health["not_modified"], health["detail_pages"]) == ("ok", True, 0)
    assert lines(data_dir, "d2", "gz-json-xzcf") == []
    listing = json.loads((data_dir / "landing/d2/listing/nj-trs-xzcf.json").read_text("utf-8"))
    assert listing["full_listing"] is False

    # Re-running d2 lands the same document again, rewriting (not appending to) the file.
    crawl("d2", ["nj-trs-xzcf"], paths=paths, profile="simulator", proxy=proxy, config_dir=cfg)
    again = lines(data_dir, "d2", "nj-trs-xzcf")
    assert [u["url"].rsplit("/", 1)[1] for u in again] == ["t20260611_1006.html"]
    state = json.loads((data_dir / "state/crawl/nj-trs-xzcf.json").read_text("utf-8"))
    assert state["seen"]["http://sthjj.trs-demo.gov.cn/hjjc/xzcf/202606/t20260611_1006.html"] == "d2"
    assert state["seen"]["http://sthjj.trs-demo.gov.cn/hjjc/xzcf/202606/t20260610_1001.html"] == "d1"
