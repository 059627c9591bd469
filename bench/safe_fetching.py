"""Safe fetching, measured on a hostile site: the real crawler, the project's crawl.yaml (default
size caps), one TRS list and one attachment column on loopback whose links, redirects, meta
refreshes and answers try to make the crawler read local files, reach private, loopback or cloud
metadata addresses, or swallow oversized answers.

Each case says what it plants and what the source's health must say; the hostile site records
every request it gets, so "refused before any request" is observed, not assumed. The production
profile is then pointed at loopback sites, which it must refuse without asking them.
`quick` runs the same cases (they are few and small, apart from one 9 MB page).
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawlers.run import crawl
from greenchain.paths import CONFIG_DIR, DataPaths

TRS, ATT = "sthjj.hostile-demo.gov.cn", "hbj.hostile-attach.gov.cn"
D, A = "/hjjc/xzcf/", "/xxgk/cfgs/"
BIG_PAGE = 9_000_000  # over the default 8 MB page cap
BIG_FILE = 70_000_000  # over the default 64 MB attachment cap (declared; streamed until refused)
HEADER = ("id,authority,division_code,province,city,county,level,kind,template,base_url,list_path,params,"
          "encoding,schedule,delay_s,concurrency,obey_robots,min_items,max_items,status,decision_no_pattern,notes")
ROW = "某某市生态环境局,320100,江苏省,某某市,,prefecture,penalty_decision,{t},{base},{path},,utf-8,daily,0,2,true,1,100000,active,,"

# (case, what the page does, the refused URL's text in the health, the reason's text in the health)
LINKS = [
    ("file: link", "file:///etc/hostname", "file:///etc/hostname", "unsafe_link"),
    ("ftp: link", f"ftp://{TRS}/a.html", f"ftp://{TRS}/a.html", "unsafe_link"),
    ("private address link", "http://10.1.2.3/hjjc/xzcf/202606/t20260611_1.html", "10.1.2.3", "is a private address"),
    ("metadata address link", "http://169.254.169.254/latest/meta-data/iam.html", "169.254.169.254",
     "cloud metadata address"),
    ("Alibaba metadata link", "http://100.100.100.200/latest/meta-data/a.html", "100.100.100.200", "metadata"),
    ("IPv4-mapped IPv6 link", "http://[::ffff:10.0.0.1]/t.html", "::ffff:10.0.0.1", "private address"),
    ("hex-spelled address link", "http://0xa000001/t.html", "0xa000001", "private address"),
]
DOCS = {  # detail pages of the TRS column: path -> (case, how it answers, refused URL text, reason text)
    "202606/t20260610_1001.html": ("redirect to a private address", ("302", "http://192.168.1.5/secret.html"),
                                   "192.168.1.5", "is a private address"),
    "202606/t20260609_1002.html": ("redirect to file:", ("302", "file:///etc/passwd"), "file:///etc/passwd",
                                   "redirect to file:///etc/passwd"),
    "202606/t20260608_1003.html": ("meta refresh to a private address", ("refresh", "http://10.0.0.8/x.html"),
                                   "10.0.0.8", "is a private address"),
    "202606/t20260607_1004.html": ("redirect to a metadata name", ("302", "http://metadata.google.internal/v1/"),
                                   "metadata.google.internal", "unsafe_address"),
    "202605/t20260530_1005.html": ("oversized page", ("big", ""), "t20260530_1005", "max size"),
    "202605/t20260529_1006.html": ("ordinary page", ("ok", ""), "", ""),
}
GOOD = [f"http://{TRS}{D}202605/t20260529_1006.html", f"http://{ATT}{A}202606/P020260601_small.xls"]


def _list_page() -> bytes:
    rows = [f'<li><a href="{href}">某某公司行政处罚决定书{i}</a><span>2026-06-12</span></li>'
            for i, (_c, href, _u, _r) in enumerate(LINKS)]
    rows += [f'<li><a href="./{p}">某某公司行政处罚决定书{p[-9:-5]}</a><span>{p[8:12]}-{p[12:14]}-{p[14:16]}</span></li>'
             for p in DOCS]
    return ('<html><head><meta charset="utf-8"></head><body><ul class="list">' + "".join(rows)
            + '</ul><script>createPageHTML(1, 0, "index", "shtml");</script></body></html>').encode()


ATT_LIST = ('<html><head><meta charset="utf-8"></head><body><ul class="list">'
            '<li><a href="./202606/t20260601_2001.html">某某市行政处罚信息公开表</a><span>2026-06-01</span></li>'
            '<li><a href="./202606/t20260531_2002.html">某某市行政处罚信息公开表（二）</a><span>2026-05-31</span></li>'
            '</ul><script>createPageHTML(1, 0, "index", "shtml");</script></body></html>').encode()
ATT_ARTICLES = {
    "202606/t20260601_2001.html": '<html><body><div class="content"><p>附件：<a href="./P020260601_big.xls">'
                                  "行政处罚信息公开表.xls</a></p></div></body></html>".encode(),
    "202606/t20260531_2002.html": '<html><body><div class="content"><p>附件：<a href="./P020260601_small.xls">'
                                  "行政处罚信息公开表（二）.xls</a></p></div></body></html>".encode(),
}


class HostileSite:
    """Answers absolute-form proxy requests for the two hostile hosts; records every request."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def answer(self, host: str, path: str) -> tuple[int, dict[str, str], bytes | int]:
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"
        html = {"Content-Type": "text/html; charset=utf-8"}
        if host == TRS:
            if path in (D, D + "index.shtml"):
                return 200, html, _list_page()
            how = DOCS.get(path[len(D):], (None, (None, None)))[1]
            if how[0] == "302":
                return 302, {"Location": how[1]}, b""
            if how[0] == "refresh":
                return 200, html, f'<html><head><meta http-equiv="refresh" content="0; url={how[1]}"></head></html>'.encode()
            if how[0] == "big":
                return 200, html, b"<html><body>" + b"x" * BIG_PAGE + b"</body></html>"
            if how[0] == "ok":
                return 200, html, "<html><body><h1>某某公司行政处罚决定书</h1><p>罚款人民币五万元。</p></body></html>".encode()
        if host == ATT:
            if path in (A, A + "index.shtml"):
                return 200, html, ATT_LIST
            if path[len(A):] in ATT_ARTICLES:
                return 200, html, ATT_ARTICLES[path[len(A):]]
            if path.endswith("_big.xls"):
                return 200, {"Content-Type": "application/vnd.ms-excel"}, BIG_FILE
            if path.endswith("_small.xls"):
                return 200, {"Content-Type": "application/vnd.ms-excel"}, b"\xd0\xcf\x11\xe0" + b"\0" * 2000
        return 404, html, b"<html><body>404</body></html>"


@contextmanager
def serving(site: HostileSite) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            parts = urlsplit(self.path)
            host = parts.hostname or self.headers.get("Host", "").split(":")[0]
            with site.lock:
                site.requests.append((host, parts.path))
            status, headers, body = site.answer(host, parts.path or "/")
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(body if isinstance(body, int) else len(body)))
            self.end_headers()
            try:
                if isinstance(body, int):  # a huge file: stream until the client hangs up
                    chunk = b"\0" * 65536
                    for _ in range(body // len(chunk)):
                        self.wfile.write(chunk)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _config(dst: Path, rows: dict[str, str]) -> Path:
    (dst / "sources").mkdir(parents=True)
    (dst / "sources" / "hostile.csv").write_text(
        HEADER + "\n" + "".join(f"{k},{v}\n" for k, v in rows.items()), encoding="utf-8")
    shutil.copy(CONFIG_DIR / "crawl.yaml", dst / "crawl.yaml")
    return dst


def _health(paths: DataPaths, run: str, sid: str) -> dict[str, Any]:
    return json.loads((paths.landing_run(run) / "health" / f"{sid}.json").read_text("utf-8"))


def _landed(paths: DataPaths, run: str, sid: str) -> list[str]:
    f = paths.landing_run(run) / f"{sid}.jsonl"
    return [json.loads(x)["url"] for x in f.read_text("utf-8").splitlines()] if f.exists() else []


def run(quick: bool = False) -> dict[str, Any]:
    site = HostileSite()
    cases: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="gc-bench-safe-") as tmp, serving(site) as proxy:
        root = Path(tmp)
        cfg = _config(root / "cfg", {
            "hostile-trs-xzcf": ROW.format(t="trs_wcm", base=f"http://{TRS}", path=D),
            "hostile-att-xzcf": ROW.format(t="attachment", base=f"http://{ATT}", path=A)})
        paths = DataPaths(root / "data")
        crawl("safe-1", None, paths=paths, profile="simulator", proxy=proxy, config_dir=cfg)
        trs, att = _health(paths, "safe-1", "hostile-trs-xzcf"), _health(paths, "safe-1", "hostile-att-xzcf")
        refused = [f"{r['url']} {r['reason']}" for h in (trs, att) for r in h["refused"]]

        def seen(url_text: str, reason: str) -> bool:
            return any(url_text in r and reason in r for r in refused)

        for case, _href, url_text, reason in LINKS:
            cases.append({"case": case, "refused_with_reason": seen(url_text, reason)})
        for case, _how, url_text, reason in DOCS.values():
            if reason:
                cases.append({"case": case, "refused_with_reason": seen(url_text, reason)})
        cases.append({"case": "oversized attachment", "refused_with_reason": seen("_big.xls", "max size")})
        landed = _landed(paths, "safe-1", "hostile-trs-xzcf") + _landed(paths, "safe-1", "hostile-att-xzcf")
        stray = sorted({h for h, _p in site.requests if h not in (TRS, ATT)})
        local = {Path(p).read_bytes() for p in ("/etc/hostname", "/etc/passwd") if Path(p).exists()}
        snapshots = [gzip.decompress(f.read_bytes()) for f in (root / "data" / "snapshots").rglob("*.gz")]

        # The production profile, pointed at loopback sites: refused before any request.
        port = proxy.rsplit(":", 1)[1]
        before = len(site.requests)
        loop_rows = {"loop-ip-xzcf": ROW.format(t="trs_wcm", base=f"http://127.0.0.1:{port}", path=D),
                     "loop-name-xzcf": ROW.format(t="trs_wcm", base=f"http://localhost:{port}", path=D),
                     "loop-v6-xzcf": ROW.format(t="trs_wcm", base=f"http://[::1]:{port}", path=D)}
        cfg2 = _config(root / "cfg-prod", loop_rows)
        crawl("safe-prod", None, paths=paths, profile="production", proxy="", config_dir=cfg2)
        for sid in loop_rows:
            h = _health(paths, "safe-prod", sid)
            cases.append({"case": f"production profile: {sid}",
                          "refused_with_reason": h["status"] == "failed" and "unsafe_address" in h["errors"]})
        prod_requests = len(site.requests) - before
    right = sum(c["refused_with_reason"] for c in cases)
    figures = {
        "safe_cases": len(cases), "safe_refused_with_reason": right,
        "safe_all_refused": right == len(cases),
        "safe_requests_to_other_hosts": len(stray), "safe_other_hosts": stray,
        "safe_production_loopback_requests": prod_requests,
        "safe_ordinary_documents_landed": sum(u in landed for u in GOOD), "safe_ordinary_documents": len(GOOD),
        "safe_landed_total": len(landed),
        "safe_local_file_in_snapshots": any(s in local for s in snapshots),
        "safe_trs_health": {"status": trs["status"], "errors": trs["errors"]},
        "safe_attachment_health": {"status": att["status"], "errors": att["errors"]},
        "safe_case_results": cases,
    }
    print("safe fetching (a hostile site on loopback, the project's crawl.yaml)")
    for k, v in figures.items():
        if k != "safe_case_results":
            print(f"  {k:<36} {v}")
    for c in cases:
        print(f"    {'refused' if c['refused_with_reason'] else 'NOT REFUSED':<12} {c['case']}")
    return figures


if __name__ == "__main__":
    import sys

    run(quick="--quick" in sys.argv)
