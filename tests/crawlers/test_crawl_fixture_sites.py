"""The whole crawl (runner → scrapy subprocess → landing, snapshots, health, state) against the
saved fixture sites served through a loopback proxy."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from crawlers.run import crawl
from greenchain.paths import DataPaths


def landed(data: Path, run: str, sid: str) -> list[dict]:
    f = data / "landing" / run / f"{sid}.jsonl"
    return [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines()]


def health(data: Path, run: str, sid: str) -> dict:
    return json.loads((data / "landing" / run / "health" / f"{sid}.json").read_text(encoding="utf-8"))


def test_every_template_lands_every_document_once(site, config_dir, data_dir) -> None:
    s, proxy = site
    out = crawl("r1", None, paths=DataPaths(data_dir), profile="simulator", proxy=proxy, config_dir=config_dir)
    assert out["ok"] == 5, out["failing"]
    trs = landed(data_dir, "r1", "nj-trs-xzcf")
    assert len(trs) == 5 and len({x["url"] for x in trs}) == 5
    line = next(x for x in trs if x["url"].endswith("t20260610_1001.html"))
    assert line["doc_type"] == "html" and line["template"] == "trs_wcm" and line["kind"] == "penalty_decision"
    assert line["list_url"] == "http://sthjj.trs-demo.gov.cn/hjjc/xzcf/"
    assert (line["list_title"], line["list_date"]) == ("南京甲化工有限公司行政处罚决定书", "2026-06-10")
    assert line["declared_encoding"] == "gbk" and line["headers"]["content-type"] == "text/html; charset=GBK"
    raw = gzip.decompress((data_dir / "snapshots" / line["snapshot_sha256"][:2] / f"{line['snapshot_sha256']}.gz").read_bytes())
    assert len(raw) == line["size"] and "南京甲化工有限公司".encode("gbk") in raw
    assert len(landed(data_dir, "r1", "zj-hanweb-xzcf")) == 5
    assert {x["doc_type"] for x in landed(data_dir, "r1", "gz-json-xzcf")} == {"json"}
    assert len(landed(data_dir, "r1", "gz-json-xzcf")) == 3
    assert len(landed(data_dir, "r1", "cd-table-xzcf")) == 3
    att = landed(data_dir, "r1", "sz-attach-xzcf")
    assert sorted(x["doc_type"] for x in att) == ["pdf", "xls", "xlsx"]
    h = health(data_dir, "r1", "sz-attach-xzcf")
    assert h["article_pages"] == 2 and h["errors"] == {"unknown_file_type": 1}
    h = health(data_dir, "r1", "nj-trs-xzcf")
    assert (h["status"], h["list_pages"], h["detail_pages"], h["items_listed"]) == ("ok", 2, 5, 5)
    assert h["structure_signature"] not in (None, "empty") and h["structure_changed"] is False
    # the hanweb dataproxy page was asked with the column's parameters
    assert (s.hits[("sthjt.hanweb-demo.gov.cn", "/module/web/jpage/dataproxy.jsp@startrecord=4")]) == 1
