"""Every simulated site behind one request handler: routing by host and path, list pages per
template, detail documents, robots.txt, conditional requests and faults.

`SimulatedWeb.handle()` is pure request → response (plus counters), so tests can call it
without sockets; simulator/server.py puts it on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from urllib.parse import parse_qs

from greenchain.registry import Registry, Source, SourceKind, Template
from simulator.config import FaultMode, SimulatorConfig
from simulator.faults import EXPECTATIONS, assign_faults
from simulator.publications import Item, Publisher, Record
from simulator.render.detail import e, html_detail, json_detail
from simulator.render.files import CONTENT_TYPES, RENDERERS
from simulator.render.text import variant
from simulator.urls import (
    HANWEB_PAGE_SIZE,
    TABLE_PAGE_SIZE,
    TRS_PAGE_SIZE,
    attachment_files,
    detail_href,
    detail_path,
    file_href,
)

HANWEB_PROXY_PATHS = ("/module/web/jpage/dataproxy.jsp", "/module/jpage/dataproxy.jsp")


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    hang_s: float = 0.0  # never answer: hold the connection this long, then close it
    source_id: str | None = None


@dataclass(frozen=True)
class Route:
    source: Source
    what: str  # list | detail | file | dataproxy
    page: int = 1
    doc: str | None = None  # doc number, JSON id, or file path


def _http_date(d: date) -> str:
    return format_datetime(datetime.combine(d, time(1, 30), tzinfo=UTC), usegmt=True)


class SimulatedWeb:
    """All registry sources, serving the publications of the current day."""

    def __init__(
        self,
        registry: Registry,
        config: SimulatorConfig,
        seed: int = 0,
        n_companies: int = 20000,
        day: int = 1,
    ) -> None:
        self.registry = registry
        self.config = config
        self.seed = seed
        self.faults = assign_faults(registry, config, seed)
        self.publisher = Publisher(registry, config, seed, n_companies, self.faults)
        self.day = day
        self.requests_by_host: Counter[str] = Counter()
        self.requests_by_status: Counter[int] = Counter()
        self._per_source_day: Counter[tuple[str, int]] = Counter()
        self._lock = threading.Lock()
        self.hosts: dict[str, list[Source]] = {}
        self._exact: dict[tuple[str, str], Source] = {}
        self._hanweb_col: dict[tuple[str, str], Source] = {}
        for s in registry.active():
            self.hosts.setdefault(s.host, []).append(s)
            if s.template == Template.JSON_API:
                self._exact[(s.host, s.list_path)] = s
                self._exact[(s.host, s.params["detail_path"])] = s
            elif s.template == Template.HANWEB_JCMS:
                self._hanweb_col[(s.host, s.params["columnid"])] = s
            elif s.template == Template.HTML_TABLE:
                self._exact[(s.host, s.list_path)] = s
        # TRS-style folders: longest list path first so nested columns route to the right source.
        self._folders = {
            h: sorted(
                (s for s in ss if s.template in (Template.TRS_WCM, Template.ATTACHMENT)),
                key=lambda s: -len(s.list_path),
            )
            for h, ss in self.hosts.items()
        }
        self._table_dirs = {
            (s.host, posixpath.dirname(s.list_path)): s
            for s in registry.active()
            if s.template == Template.HTML_TABLE
        }
        self._by_doc = lru_cache(maxsize=4096)(self._by_doc_uncached)
        self._files: dict[tuple[str, str, bool, str], bytes] = {}

    # --- state -------------------------------------------------------------------------------
    def set_day(self, day: int) -> None:
        if day < 1:
            raise ValueError("day must be >= 1")
        self.day = day

    def fault(self, source_id: str) -> FaultMode:
        return self.faults.get(source_id, FaultMode.NONE)

    def expectation(self, source_id: str) -> tuple[bool, bool]:
        return EXPECTATIONS[self.fault(source_id)]

    def stats(self) -> dict[str, object]:
        with self._lock:
            return {
                "day": self.day,
                "total": sum(self.requests_by_host.values()),
                "by_status": {str(k): v for k, v in sorted(self.requests_by_status.items())},
                "requests": dict(self.requests_by_host),
            }

    def reset_stats(self) -> None:
        with self._lock:
            self.requests_by_host.clear()
            self.requests_by_status.clear()

    # --- the handler ------------------------------------------------------------------------
    def handle(
        self, method: str, host: str, target: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> Response:
        """Answer one request. `host` without port; `target` is path?query; header names lower-case."""
        headers = headers or {}
        host = host.lower().split(":", 1)[0]
        path, _, query = target.partition("?")
        resp = self._answer(method.upper(), host, path, query, headers, body)
        with self._lock:
            self.requests_by_host[host] += 1
            self.requests_by_status[resp.status] += 1
        return resp

    def _answer(
        self, method: str, host: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Response:
        if host not in self.hosts:
            return _text(502, f"simulator: unknown host {host!r} (not in the source registry)")
        if path == "/robots.txt":
            return _text(200, self.robots(host))
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if method == "POST" and headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            params.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        route = self.route(host, path, params, method)
        if route is None:
            return _html(404, "<html><body><h1>404 Not Found</h1><p>页面不存在</p></body></html>")
        fault = self._fault_response(route)
        if fault is not None:
            return fault
        resp = self._serve(route, method, params, headers, body)
        resp.source_id = route.source.id
        mode = self.fault(route.source.id)
        if mode == FaultMode.SLOW:
            resp.delay_s = self.config.fault_params.slow_s
        if (
            mode == FaultMode.TRUNCATED_HTML
            and route.what == "detail"
            and resp.status == 200
            and resp.headers.get("Content-Type", "").startswith("text/html")
        ):
            resp.body = truncated(resp.body)
        return resp

    def _fault_response(self, route: Route) -> Response | None:
        s = route.source
        mode = self.fault(s.id)
        p = self.config.fault_params
        if mode == FaultMode.NONE:
            return None
        with self._lock:
            self._per_source_day[(s.id, self.day)] += 1
            n = self._per_source_day[(s.id, self.day)]
        if mode == FaultMode.PERMANENT_5XX:
            return _html(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", s.id)
        if mode == FaultMode.TRANSIENT_5XX and n <= p.transient_failures:
            status = (500, 502, 503)[(n - 1) % 3]
            return _html(status, f"<html><body><h1>{status} Server Error</h1></body></html>", s.id)
        if mode == FaultMode.RATE_LIMITED and n % p.rate_every == 0:
            r = _html(429, "<html><body><h1>429 Too Many Requests</h1></body></html>", s.id)
            r.headers["Retry-After"] = str(p.retry_after_s)
            return r
        if mode == FaultMode.FIREWALL_412:
            return _html(412, FIREWALL_PAGE, s.id)
        if mode == FaultMode.TIMEOUT and route.what in ("list", "dataproxy"):
            return Response(0, hang_s=p.timeout_s, source_id=s.id)
        return None

    # --- routing -----------------------------------------------------------------------------
    def route(self, host: str, path: str, params: dict[str, str], method: str = "GET") -> Route | None:
        s = self._exact.get((host, path))
        if s is not None:
            if s.template == Template.JSON_API:
                if path == s.list_path:
                    return Route(s, "list") if method == "POST" else None
                return Route(s, "detail", doc=params.get("id")) if "id" in params else None
            page = params.get("page", "1")
            return Route(s, "list", page=int(page)) if page.isdigit() and int(page) >= 1 else None
        if path.startswith("/col/col") and path.endswith("/index.html"):
            s = self._hanweb_col.get((host, path[len("/col/col") : -len("/index.html")]))
            return Route(s, "list") if s else None
        if path in HANWEB_PROXY_PATHS:
            s = self._hanweb_col.get((host, params.get("columnid", "")))
            return Route(s, "dataproxy") if s else None
        if path.startswith("/art/") and path.endswith(".html"):
            name = posixpath.basename(path)[len("art_") : -len(".html")]
            col, _, doc = name.partition("_")
            s = self._hanweb_col.get((host, col))
            return Route(s, "detail", doc=doc) if s and doc.isdigit() else None
        folder, base = posixpath.split(path)
        s = self._table_dirs.get((host, folder))
        if s is not None and base.startswith("content_") and base.endswith(".html"):
            return Route(s, "detail", doc=base[len("content_") : -len(".html")])
        for s in self._folders.get(host, ()):
            if not path.startswith(s.list_path):
                continue
            rest = path[len(s.list_path) :]
            if rest in ("", "index.shtml"):
                return Route(s, "list", page=1)
            if rest.startswith("index_") and rest.endswith(".shtml"):
                n = rest[len("index_") : -len(".shtml")]
                return Route(s, "list", page=int(n) + 1) if n.isdigit() else None
            month, _, leaf = rest.partition("/")
            if len(month) == 6 and month.isdigit() and leaf.startswith("t") and leaf.endswith(".html"):
                return Route(s, "detail", doc=leaf.rsplit("_", 1)[-1][: -len(".html")])
            if len(month) == 6 and leaf.startswith("P020") and s.template == Template.ATTACHMENT:
                return Route(s, "file", doc=path)
            return None
        return None

    # --- documents ---------------------------------------------------------------------------
    def live(self, s: Source) -> list[Item]:
        if self.fault(s.id) == FaultMode.EMPTY_LIST:
            return []
        return self.publisher.live_items(s.id, self.day)

    def _by_doc_uncached(self, source_id: str, day: int) -> dict[str, Item]:
        out: dict[str, Item] = {}
        for it in self.publisher.live_items(source_id, day):
            out[str(it.doc_number)] = it
            out[it.key] = it
        return out

    def find_item(self, s: Source, doc: str | None) -> Item | None:
        return self._by_doc(s.id, self.day).get(doc or "")

    def charset(self, s: Source) -> tuple[str, str]:
        """(encoding of the bytes, encoding declared in header and meta)."""
        enc = "gbk" if s.encoding.lower() in ("gbk", "gb2312", "gb18030") else "utf-8"
        if self.fault(s.id) == FaultMode.CHARSET_MISLABELLED:
            return enc, "utf-8" if enc == "gbk" else "GBK"
        return enc, "GBK" if enc == "gbk" else "utf-8"

    def _page(self, s: Source, html_text: str, status: int = 200) -> Response:
        enc, declared = self.charset(s)
        html_text = html_text.replace('charset="utf-8"', f'charset="{declared}"').replace(
            "charset=utf-8", f"charset={declared}"
        )
        return Response(
            status,
            html_text.encode(enc, "xmlcharrefreplace"),
            {"Content-Type": f"text/html; charset={declared}"},
        )

    def _serve(
        self, route: Route, method: str, params: dict[str, str], headers: dict[str, str], body: bytes
    ) -> Response:
        s = route.source
        if route.what == "list":
            if s.template == Template.JSON_API:
                return self._json_list(s, body)
            resp = self._list_page(s, route.page)
            return _conditional(resp, headers, self._last_modified(s)) if resp.status == 200 else resp
        if route.what == "dataproxy":
            return self._dataproxy(s, params)
        if route.what == "file":
            return self._file(s, route.doc or "")
        item = self.find_item(s, route.doc)
        if item is None:
            if s.template == Template.JSON_API:
                return _json(200, {"code": 404, "msg": "数据不存在", "data": None})
            return _html(
                404, "<html><body><h1>404 Not Found</h1><p>您访问的页面不存在或已删除</p></body></html>"
            )
        if s.template == Template.JSON_API:
            records = self.publisher.records(item, self.day)
            style = self.publisher.style(s.id)
            return _json(200, {"code": 200, "msg": "success", "data": json_detail(records[0], style)})
        return self.article(s, item, self.day)

    def article(self, s: Source, item: Item, day: int) -> Response:
        """The HTML detail page of `item` as served on `day` (before any truncation fault)."""
        records = self.publisher.records(item, day)
        style = self.publisher.style(s.id)
        changed = (
            self.fault(s.id) == FaultMode.LAYOUT_CHANGE
            and day >= self.config.fault_params.layout_change_day
        )
        files = None
        if s.template == Template.ATTACHMENT:
            files = [
                (file_href(p), f"{records[0].title}（{k + 1}）.{ext}")
                for k, (p, ext, _) in enumerate(attachment_files(s, item, len(records)))
            ]
        enc, declared = self.charset(s)
        page = html_detail(s, item, records, style, charset=declared, layout_changed=changed, files=files)
        return Response(
            200, page.encode(enc, "xmlcharrefreplace"), {"Content-Type": f"text/html; charset={declared}"}
        )

    def _last_modified(self, s: Source) -> date:
        items = self.live(s)
        return max((i.publish_date for i in items), default=self.config.day1_date)

    def _file(self, s: Source, path: str) -> Response:
        month_dir = posixpath.dirname(path)
        for it in self.live(s):
            if f"{it.publish_date:%Y%m}" != posixpath.basename(month_dir):
                continue
            records = self.publisher.records(it, self.day)
            for p, ext, rows in attachment_files(s, it, len(records)):
                if p == path:
                    key = (s.id, it.key, it.revised(self.day), path)
                    data = self._files.get(key)
                    if data is None:
                        data = RENDERERS[ext](records[0].title, records[rows.start : rows.stop])
                        if len(self._files) > 2048:  # rendered files are the slowest documents: keep some
                            self._files.clear()
                        self._files[key] = data
                    return Response(
                        200,
                        data,
                        {"Content-Type": CONTENT_TYPES[ext], "Last-Modified": _http_date(it.publish_date)},
                    )
        return _html(404, "<html><body><h1>404 Not Found</h1></body></html>")

    # --- list pages --------------------------------------------------------------------------
    def _title(self, s: Source, it: Item) -> str:
        records = self.publisher.records(it, self.day)
        return variant(records[0].title, self.publisher.style(s.id)["variant"])

    def _list_page(self, s: Source, page: int) -> Response:
        items = self.live(s)
        size = TABLE_PAGE_SIZE if s.template == Template.HTML_TABLE else TRS_PAGE_SIZE
        if s.template == Template.HANWEB_JCMS:
            size = HANWEB_PAGE_SIZE
        pages = max(1, -(-len(items) // size))
        if page > pages:
            return _html(404, "<html><body><h1>404 Not Found</h1></body></html>")
        chunk = items[(page - 1) * size : page * size]
        if s.template == Template.HANWEB_JCMS:
            return self._page(s, self._hanweb_column(s, items, chunk))
        if s.template == Template.HTML_TABLE:
            return self._page(s, self._table_list(s, chunk, page, pages, (page - 1) * size))
        lis = "".join(
            f'<li><a href="{detail_href(s, it)}" title="{e(t)}" target="_blank">{e(t)}</a>'
            f"<span>{it.publish_date.isoformat()}</span></li>\n"
            for it in chunk
            for t in [self._title(s, it)]
        )
        body = (
            f'<ul class="list">\n{lis}</ul>\n<div class="page">'
            f'<script>createPageHTML({pages}, {page - 1}, "index", "shtml");</script></div>'
        )
        return self._page(s, _list_shell(s, body))

    def _table_list(self, s: Source, chunk: list[Item], page: int, pages: int, offset: int) -> str:
        rows = []
        for n, it in enumerate(chunk, start=offset + 1):
            r = self.publisher.records(it, self.day)[0]
            no = variant(r.decision_no or "", self.publisher.style(s.id)["variant"])
            rows.append(
                f'<tr><td>{n}</td><td><a href="{detail_href(s, it)}">{e(self._title(s, it))}</a></td>'
                f"<td>{e(no)}</td><td>{it.publish_date.isoformat()}</td></tr>"
            )
        head = "<tr><th>序号</th><th>标题</th><th>文号</th><th>发布日期</th></tr>"
        nxt = f' <a href="{s.list_path}?page={page + 1}">下一页</a>' if page < pages else ""
        prev = f'<a href="{s.list_path}?page={page - 1}">上一页</a> ' if page > 1 else ""
        body = (
            f'<table class="list">{head}{"".join(rows)}</table>\n'
            f'<div class="pager">{prev}共{pages}页 当前第{page}页{nxt}</div>'
        )
        return _list_shell(s, body)

    def _hanweb_records(self, s: Source, chunk: list[Item]) -> str:
        return "".join(
            f'<record><![CDATA[<li><a href="{detail_href(s, it)}" title="{e(t)}" target="_blank">{e(t)}</a>'
            f"<span>{it.publish_date.isoformat()}</span></li>]]></record>\n"
            for it in chunk
            for t in [self._title(s, it)]
        )

    def _hanweb_column(self, s: Source, items: list[Item], chunk: list[Item]) -> str:
        total = len(items)
        pages = max(1, -(-total // HANWEB_PAGE_SIZE))
        store = (
            f'<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?'
            f"page=1&appid=1&webid={s.params['webid']}&path=/&columnid={s.params['columnid']}&unitid="
            f'{s.params["unitid"]}&webname={s.params["webname"]}&permissiontype=0"></a>]]></nextgroup>'
            f"<recordset>\n{self._hanweb_records(s, chunk)}</recordset></datastore></script>"
        )
        body = (
            f'<div id="{s.params["unitid"]}">{store}\n<script language="javascript" src="/module/web/jpage/'
            f'jpage.js"></script><script>$(function(){{jpage({{totalRecord:{total},totalPage:{pages},'
            f"perPage:{HANWEB_PAGE_SIZE}}});}});</script></div>"
        )
        return _list_shell(s, body)

    def _dataproxy(self, s: Source, params: dict[str, str]) -> Response:
        items = self.live(s)
        try:
            start = int(params.get("startrecord", "1"))
            end = int(params.get("endrecord", str(start + HANWEB_PAGE_SIZE - 1)))
            perpage = int(params.get("perpage", str(HANWEB_PAGE_SIZE)))
        except ValueError:
            return _text(400, "bad startrecord/endrecord/perpage")
        if start < 1 or end < start or perpage < 1:
            return _text(400, "bad startrecord/endrecord/perpage")
        chunk = items[start - 1 : end]
        total = len(items)
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}</totalrecord>'
            f"<totalpage>{max(1, -(-total // perpage))}</totalpage>"
            f"<recordset>\n{self._hanweb_records(s, chunk)}</recordset></datastore>"
        )
        return Response(200, xml.encode("utf-8"), {"Content-Type": "text/xml; charset=UTF-8"})

    def _json_list(self, s: Source, body: bytes) -> Response:
        try:
            req = json.loads(body or b"{}")
            page_no, size = int(req.get("pageNo", 1)), int(req.get("pageSize", 20))
        except (ValueError, TypeError, AttributeError):
            return _json(400, {"code": 400, "msg": "请求参数错误", "data": None})
        if page_no < 1 or not 1 <= size <= 100:
            return _json(200, {"code": 400, "msg": "pageNo/pageSize 超出范围", "data": None})
        items = self.live(s)
        style = self.publisher.style(s.id)
        chunk = items[(page_no - 1) * size : page_no * size]
        rows = []
        for it in chunk:
            r = self.publisher.records(it, self.day)[0]
            rows.append(
                {
                    "id": it.key,
                    "title": variant(r.title, style["variant"]),
                    "publishDate": it.publish_date.isoformat(),
                }
            )
        return _json(
            200,
            {
                "code": 200,
                "msg": "success",
                "data": {"total": len(items), "pageNo": page_no, "pageSize": size, "list": rows},
            },
        )

    def robots(self, host: str) -> str:
        lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /cms/login", "Disallow: /search/"]
        if any(s.template == Template.HANWEB_JCMS for s in self.hosts[host]):
            lines.append("Allow: /module/web/jpage/dataproxy.jsp")
        lines += ["Allow: /", ""]
        return "\n".join(lines)

    # --- truth helpers -----------------------------------------------------------------------
    def documents(self, s: Source, day: int | None = None) -> list[tuple[Item, str, tuple[Record, ...]]]:
        """(item, detail URL, records) of every item the source has published up to the day."""
        d = self.day if day is None else day
        return [
            (it, s.base_url + detail_path(s, it), self.publisher.records(it, d))
            for it in self.publisher.items(s.id, d)
        ]


FIREWALL_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>访问被拦截</title></head><body>'
    '<div class="waf"><h2>您的访问请求可能对网站造成安全威胁，请求已被拦截。</h2>'
    "<p>事件ID：WAF-412-0001</p><p>如有疑问，请联系网站管理员。</p></div></body></html>"
)


def _list_shell(s: Source, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f"<title>{e(s.authority)}</title>\n</head>\n<body>\n"
        f'<div class="header"><div class="logo">{e(s.authority)}</div></div>\n'
        f'<div class="main"><div class="column-title">{e(_column_name(s))}</div>\n{body}\n</div>\n'
        f'<div class="footer">主办单位：{e(s.authority)}</div>\n</body>\n</html>\n'
    )


def _column_name(s: Source) -> str:
    return {
        SourceKind.PENALTY_DECISION: "行政处罚",
        SourceKind.ORDER_TO_CORRECT: "责令改正",
        SourceKind.MONITORING_EXCEEDANCE: "超标排放信息",
        SourceKind.KEY_POLLUTER_LIST: "重点排污单位名录",
        SourceKind.ENTERPRISE_DISCLOSURE: "企业环境信息依法披露",
    }[s.kind]


def _conditional(resp: Response, headers: dict[str, str], modified: date) -> Response:
    etag = '"' + hashlib.sha1(resp.body).hexdigest()[:16] + '"'
    resp.headers["ETag"] = etag
    resp.headers["Last-Modified"] = _http_date(modified)
    if headers.get("if-none-match") == etag:
        return Response(304, b"", {"ETag": etag, "Last-Modified": resp.headers["Last-Modified"]})
    since = headers.get("if-modified-since")
    if since and "if-none-match" not in headers:
        try:
            if parsedate_to_datetime(since).date() >= modified:
                return Response(304, b"", {"ETag": etag, "Last-Modified": resp.headers["Last-Modified"]})
        except (TypeError, ValueError):
            pass
    return resp


def truncated(body: bytes) -> bytes:
    """What the truncated-HTML fault serves of a detail page: its first 55%."""
    return body[: int(len(body) * 0.55)]


def _text(status: int, text: str) -> Response:
    return Response(status, text.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})


def _html(status: int, text: str, source_id: str | None = None) -> Response:
    return Response(
        status, text.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"}, source_id=source_id
    )


def _json(status: int, obj: object) -> Response:
    return Response(
        status,
        json.dumps(obj, ensure_ascii=False).encode("utf-8"),
        {"Content-Type": "application/json; charset=utf-8"},
    )
