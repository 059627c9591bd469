"""Small pieces of the crawler: proxy guard, Retry-After, config errors, snapshots, state files."""

from __future__ import annotations

import gzip
from email.utils import formatdate
from pathlib import Path

import pytest
from scrapy import Request

from crawlers.config import load_crawl_config, resolve_proxy
from crawlers.errors import ProxyRefused
from crawlers.middlewares import LoopbackProxyMiddleware, retry_after_s
from crawlers.snapshots import SnapshotStore
from crawlers.state import Pending, SourceState
from greenchain.configfile import ConfigError
from greenchain.paths import PROJECT_ROOT


def test_proxy_guard_routes_requests_through_the_proxy_and_refuses_others() -> None:
    mw = LoopbackProxyMiddleware("http://127.0.0.1:8765")
    req = Request("http://sthjj.nanjing.gov.cn/hjjc/xzcf/index.shtml")
    mw.process_request(req)
    assert req.meta["proxy"] == "http://127.0.0.1:8765"
    with pytest.raises(ProxyRefused):
        mw.process_request(Request("http://a.gov.cn/", meta={"proxy": "http://10.0.0.1:3128"}))
    with pytest.raises(ProxyRefused):  # https would tunnel past the simulator's Host routing
        mw.process_request(Request("https://a.gov.cn/"))
    free = Request("http://a.gov.cn/")
    LoopbackProxyMiddleware(None).process_request(free)
    assert "proxy" not in free.meta


def test_only_loopback_proxies_are_accepted() -> None:
    cfg = load_crawl_config()
    assert resolve_proxy(cfg, "http://127.0.0.1:8765/") == "http://127.0.0.1:8765"
    with pytest.raises(ConfigError, match="loopback"):
        resolve_proxy(cfg, "http://203.0.113.5:8080")


def test_retry_after_in_seconds_or_http_date() -> None:
    assert retry_after_s(b"7") == 7.0
    later = retry_after_s(formatdate(timeval=__import__("time").time() + 30, usegmt=True).encode())
    assert later is not None and 25 < later <= 30
    assert retry_after_s(b"soon") is None and retry_after_s(None) is None


def test_bad_crawl_config_names_file_line_and_key(tmp_path: Path) -> None:
    text = (PROJECT_ROOT / "config" / "crawl.yaml").read_text("utf-8").replace("retry_times: 4", "retry_times: -1", 1)
    (tmp_path / "crawl.yaml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as e:
        load_crawl_config(tmp_path)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "retry_times: -1" in ln)
    assert f"crawl.yaml:{line}: key 'profiles.production.retry_times'" in str(e.value)


def test_snapshot_is_gzipped_raw_bytes_addressed_by_sha256_and_stored_once(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    raw = "行政处罚决定书".encode("gbk")
    sha = store.put(raw)
    path = tmp_path / sha[:2] / f"{sha}.gz"
    assert gzip.decompress(path.read_bytes()) == raw
    mtime = path.stat().st_mtime_ns
    assert store.put(raw) == sha and path.stat().st_mtime_ns == mtime
    assert not list(tmp_path.rglob("*.tmp"))


def test_state_round_trips_and_counts_own_run_items_as_unseen(tmp_path: Path) -> None:
    st = SourceState("s1", seen={"u1": "d1", "u2": "d2"}, backfill_complete=True,
                     pending=[Pending("u3", "L", "t", "2026-06-01", "u3", "html")])
    st.save(tmp_path / "s1.json")
    back = SourceState.load(tmp_path / "s1.json", "s1")
    assert back == st
    assert back.known("u1", "d2") and not back.known("u2", "d2") and not back.known("u9", "d2")


def test_unreadable_state_fails_only_that_source(site, config_dir, data_dir) -> None:
    import json

    from crawlers.run import crawl
    from greenchain.paths import DataPaths

    _s, proxy = site
    (data_dir / "state" / "crawl").mkdir(parents=True)
    (data_dir / "state" / "crawl" / "cd-table-xzcf.json").write_text("{not json", "utf-8")
    out = crawl("u1", ["cd-table-xzcf", "gz-json-xzcf"], paths=DataPaths(data_dir), profile="simulator",
                proxy=proxy, config_dir=config_dir)
    assert out["by_status"] == {"failed": 1, "ok": 1}
    h = json.loads((data_dir / "landing/u1/health/cd-table-xzcf.json").read_text("utf-8"))
    assert h["reason"].startswith("cannot start: JSONDecodeError")


def test_background_snapshot_writes_are_on_disk_after_flush_and_errors_surface(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "snaps", background=True)
    raws = [f"决定书 {i}".encode() * 200 for i in range(50)]
    shas = [store.put(r) for r in raws]
    store.flush()
    assert [store.get(s) for s in shas] == raws

    blocked = SnapshotStore(tmp_path / "file-not-dir", background=True)
    (tmp_path / "file-not-dir").write_text("not a folder")
    sha = blocked.put(b"x")
    with pytest.raises(OSError):
        blocked.flush()
    assert sha not in blocked._known  # a later put of the same bytes tries again
    store.close()
    blocked.close()


def test_a_job_after_snapshots_runs_once_they_are_on_disk_and_sees_the_failed_ones(tmp_path: Path) -> None:
    # A source's landing file is written by such a job: it must never point at a missing snapshot.
    store = SnapshotStore(tmp_path / "snaps", background=True)
    seen: list[object] = []
    shas = [store.put(f"决定书 {i}".encode() * 300) for i in range(70)]  # more than one batch
    store.after(lambda: seen.append(all(store.path_for(s).exists() for s in shas)))
    store.flush()
    assert seen == [True]

    blocked = SnapshotStore(tmp_path / "file-not-dir", background=True)
    (tmp_path / "file-not-dir").write_text("not a folder")
    sha = blocked.put(b"x")
    blocked.after(lambda: seen.append(blocked.failed.get(sha)))
    with pytest.raises(OSError):
        blocked.flush()
    assert isinstance(seen[1], str) and "Error" in seen[1]
    store.close()
    blocked.close()


def test_a_source_whose_snapshots_cannot_be_written_fails_and_lands_nothing(site, config_dir, data_dir) -> None:
    import json

    from crawlers.run import crawl
    from greenchain.paths import DataPaths

    _s, proxy = site
    (data_dir / "snapshots").write_text("not a folder")
    out = crawl("u2", ["cd-table-xzcf"], paths=DataPaths(data_dir), profile="simulator", proxy=proxy,
                config_dir=config_dir)
    assert out["by_status"] == {"failed": 1}
    h = json.loads((data_dir / "landing/u2/health/cd-table-xzcf.json").read_text("utf-8"))
    assert h["reason"].startswith("snapshot write failed: ") and h["errors"]["snapshot"] == 1
    assert not (data_dir / "landing/u2/cd-table-xzcf.jsonl").exists()
    assert not (data_dir / "state/crawl/cd-table-xzcf.json").exists()  # the next run fetches them again
