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

from greenchain.registry import Registry, Source, Template
from simulator.config import FaultMode, SimulatorConfig
from simulator.faults import EXPECTATIONS, assign_faults
from simulator.home import HomePages
from simulator.listing import (
    HANWEB_PROXIES,
    KIND_COLUMNS,
    ListStyle,
    Row,
    item_markup,
    list_style,
    navigation,
    table_pager,
    trs_page_of,
    trs_pager,
)
from simulator.publications import Item, Publisher, Record
from simulator.render.detail import e, html_detail, json_detail
from simulator.render.files import CONTENT_TYPES, RENDERERS
from simulator.render.text import variant
from simulator.urls import attachment_files, detail_href, detail_path, file_href

HANWEB_PROXY_PATHS = HANWEB_PROXIES
MOVED_PREFIX = "new."  # a moved site answers 301 to the same column on new.<host>


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
        self._styles: dict[str, ListStyle] = {}
        self.home = HomePages(self)
        # Benchmarks replay exactly what a crawler asked (bench/crawl.py): off unless started.
        self.request_log: list[tuple[str, str, str, str, bytes]] | None = None

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
        # The simulated day, as every server states it (crawlers date year-less list entries by it).
        resp.headers.setdefault("Date", format_datetime(
            datetime.combine(self.publisher.day_date(self.day), time(2, 0), tzinfo=UTC), usegmt=True))
        with self._lock:
            self.requests_by_host[host] += 1
            self.requests_by_status[resp.status] += 1
            if self.request_log is not None:
                self.request_log.append((method.upper(), host, target, headers.get("content-type", ""), body))
        return resp

    def _answer(
        self, method: str, host: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Response:
        moved_alias = host.startswith(MOVED_PREFIX) and host[len(MOVED_PREFIX):] in self.hosts
        if moved_alias:
            host = host[len(MOVED_PREFIX):]
        if host not in self.hosts:
            return _text(502, f"simulator: unknown host {host!r} (not in the source registry)")
        if path == "/robots.txt":
            return _text(200, self.robots(host))
        if method == "GET" and (home := self.home.page(host, path)) is not None:
            return self._page(self.hosts[host][0], home)
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if method == "POST" and headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            params.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        route = self.route(host, path, params, method)
        if route is None:
            return _html(404, "<html><body><h1>404 Not Found</h1><p>页面不存在</p></body></html>")
        changed = self._site_change(route, host, path, query, moved_alias)
        if changed is not None:
            return changed
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

    def _site_change(self, route: Route, host: str, path: str, query: str, alias: bool) -> Response | None:
        """Sites that changed since their registry row: moved (301), gone (404), another CMS."""
        mode = self.fault(route.source.id)
        if mode == FaultMode.MOVED and not alias and route.what in ("list", "dataproxy"):
            target = f"http://{MOVED_PREFIX}{host}{path}" + (f"?{query}" if query else "")
            # 308 keeps the method: a moved JSON API is still POSTed to
            status = 308 if route.source.template == Template.JSON_API else 301
            return Response(status, b"", {"Location": target, "Content-Type": "text/html"}, source_id=route.source.id)
        if mode == FaultMode.GONE:
            return _html(404, "<html><body><h1>404 Not Found</h1><p>栏目不存在</p></body></html>",
                         route.source.id)
        if mode == FaultMode.TEMPLATE_CHANGED and route.what == "list":
            return self._page(route.source, self._changed_template(route.source))
        return None

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
            page = params.get("page", params.get("pageNum", "1"))
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
        if s is not None:
            if base.startswith("content_") and base.endswith(".html"):
                return Route(s, "detail", doc=base[len("content_") : -len(".html")])
            stem = posixpath.basename(s.list_path)[: -len(".html")] + "_"
            if s.list_path.endswith(".html") and base.startswith(stem) and base.endswith(".html"):
                n = base[len(stem) : -len(".html")]
                if n.isdigit() and int(n) >= 1 and self.list_style(s).url_pages == "numbered":
                    return Route(s, "list", page=int(n))
        for s in self._folders.get(host, ()):
            if not path.startswith(s.list_path):
                continue
            rest = path[len(s.list_path) :]
            page_no = trs_page_of(self.list_style(s), rest)
            if page_no is not None:
                return Route(s, "list", page=page_no)
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
    def list_style(self, s: Source) -> ListStyle:
        st = self._styles.get(s.id)
        if st is None:
            st = self._styles[s.id] = list_style(s, self.seed, self.config.list_variation)
        return st

    def page_etag(self, s: Source, day: int) -> str:
        """The validator of the source's first list page on `day` (what a 304 compares), for benches."""
        keep = self.day
        self.day = day
        try:
            return hashlib.sha1(self._list_page(s, 1).body).hexdigest()[:16]
        finally:
            self.day = keep

    def page_size(self, s: Source) -> int:
        """Items per HTML list page; for jcms columns, records embedded in the column page."""
        st = self.list_style(s)
        return st.page_size * st.group if s.template == Template.HANWEB_JCMS else st.page_size

    def _title(self, s: Source, it: Item) -> str:
        records = self.publisher.records(it, self.day)
        return variant(records[0].title, self.publisher.style(s.id)["variant"])

    def _rows(self, s: Source, items: list[Item]) -> list[Row]:
        st = self.list_style(s)
        out = []
        for it in items:
            path = detail_path(s, it)
            if st.links == "full":
                href = s.base_url + path
            elif st.links == "relative":
                href = detail_href(s, it) if s.template in (Template.TRS_WCM, Template.ATTACHMENT) \
                    else posixpath.basename(path)
            else:
                href = path
            out.append(Row(href, self._title(s, it), it.publish_date))
        return out

    def _list_page(self, s: Source, page: int) -> Response:
        items = self.live(s)
        if s.template == Template.HANWEB_JCMS:
            return self._page(s, self._hanweb_column(s, items))
        st = self.list_style(s)
        size = st.page_size
        pages = max(1, -(-len(items) // size))
        if page > pages:
            return _html(404, "<html><body><h1>404 Not Found</h1></body></html>")
        chunk = items[(page - 1) * size : page * size]
        body = item_markup(st, self._rows(s, chunk), (page - 1) * size)
        if s.template == Template.HTML_TABLE:
            pager = table_pager(s, st, page, pages, len(items))
        else:
            pager = trs_pager(st, page, pages, len(items))
        nav = navigation(s, st, self._sibling_columns(s))
        return self._page(s, _list_shell(s, f"{nav}\n<div class=\"list-box\">\n{body}\n</div>\n{pager}"))

    def _sibling_columns(self, s: Source) -> list[tuple[str, str]]:
        """The host's other columns, as a side menu links them."""
        return [(KIND_COLUMNS[o.kind], o.list_path) for o in self.hosts[s.host]
                if o.id != s.id and o.template != Template.JSON_API and not o.list_path.startswith(("/api",))][:6]

    def _hanweb_records(self, s: Source, chunk: list[Item]) -> str:
        st = self.list_style(s)
        rows = self._rows(s, chunk)
        if st.shape == "tr":
            recs = [f'<tr><td><a href="{r.href}" title="{e(r.title)}" target="_blank">{e(r.title)}</a></td>'
                    f"<td>{_list_date(st, r.published)}</td></tr>" for r in rows]
        elif st.shape == "div_p_span":
            recs = [f'<div class="list-item"><a href="{r.href}" title="{e(r.title)}"><p>{e(r.title)}</p>'
                    f"<span>{_list_date(st, r.published)}</span></a></div>" for r in rows]
        else:
            quote = "'" if st.params_in == "param_var" else '"'
            recs = [f"<li><a href={quote}{r.href}{quote} title={quote}{e(r.title)}{quote} target={quote}_blank{quote}>"
                    f"{e(r.title)}</a><span>{_list_date(st, r.published)}</span></li>" for r in rows]
        if st.record_wrapper:
            return "".join(f"<record><![CDATA[{x}]]></record>\n" for x in recs)
        return "<![CDATA[\n" + "\n".join(recs) + "\n]]>"

    def _hanweb_column(self, s: Source, items: list[Item]) -> str:
        st = self.list_style(s)
        p = s.params
        embedded = items[: st.page_size * st.group]
        total = len(items)
        query = (f"page=1&appid=1&webid={p['webid']}&path=/&columnid={p['columnid']}&unitid={p['unitid']}"
                 f"&webname={p['webname']}&permissiontype=0")
        nextgroup = f'<nextgroup><![CDATA[<a href="{st.proxy}?{query}"></a>]]></nextgroup>' \
            if st.params_in == "nextgroup" else ""
        records = self._hanweb_records(s, embedded)
        inner = f"<recordset>\n{records}</recordset>" if st.record_wrapper else records
        store = f'<script type="text/xml"><datastore>{nextgroup}{inner}</datastore></script>'
        unit = p["unitid"]
        cfg = f"totalRecord:{total},perPage:{st.page_size},groupSize:{st.group}"
        if st.proxy != HANWEB_PROXY_PATHS[0] or st.params_in == "ajax_param":
            cfg += f",proxyUrl:'{st.proxy}'"
        if st.params_in == "ajax_param":
            cfg += (f",ajaxParam:{{col:1,appid:'1',webid:{p['webid']},path:'/',columnid:{p['columnid']},"
                    f"unitid:'{unit}',webname:'{p['webname']}',permissiontype:0}}")
        param_var = (f"var param_{unit}={{columnid:{p['columnid']},unitid:'{unit}',webid:{p['webid']},"
                     f"webname:'{p['webname']}'}}; " if st.params_in == "param_var" else "")
        script = (f'<script language="javascript" src="{st.proxy.rsplit("/", 1)[0]}/jpage.js"></script>'
                  f"<script>{param_var}$('#{unit}').jpage({{{cfg}}});</script>")
        body = f'<div id="{unit}">{store}\n</div>\n{script}'
        return _list_shell(s, body)

    def _changed_template(self, s: Source) -> str:
        """A column that moved to another CMS: jcms sites now serve a TRS list, the others a jcms column."""
        items = self.live(s)[:15]
        if s.template == Template.HANWEB_JCMS:
            lis = "".join(f'<li><a href="./{it.publish_date:%Y%m}/t{it.publish_date:%Y%m%d}_{it.doc_number}.html">'
                          f"{e(self._title(s, it))}</a><span>{it.publish_date.isoformat()}</span></li>" for it in items)
            return _list_shell(s, f'<ul class="list">{lis}</ul><script>createPageHTML(1, 0, "index", "shtml");</script>')
        recs = "".join(f'<record><![CDATA[<li><a href="/art/{it.publish_date.year}/{it.publish_date.month}/'
                       f'{it.publish_date.day}/art_9{it.doc_number}.html">{e(self._title(s, it))}</a>'
                       f"<span>{it.publish_date.isoformat()}</span></li>]]></record>" for it in items)
        return _list_shell(s, f'<div id="9001"><script type="text/xml"><datastore><recordset>{recs}</recordset>'
                              f"</datastore></script></div><script>$('#9001').jpage({{totalRecord:{len(items)},"
                              f"perPage:15}});</script>")

    def _dataproxy(self, s: Source, params: dict[str, str]) -> Response:
        items = self.live(s)
        st = self.list_style(s)
        try:
            start = int(params.get("startrecord", "1"))
            end = int(params.get("endrecord", str(start + st.page_size - 1)))
            perpage = int(params.get("perpage", str(st.page_size)))
        except ValueError:
            return _text(400, "bad startrecord/endrecord/perpage")
        if start < 1 or end < start or perpage < 1:
            return _text(400, "bad startrecord/endrecord/perpage")
        chunk = items[start - 1 : end]
        total = len(items)
        records = self._hanweb_records(s, chunk) if chunk else ""
        inner = f"<recordset>\n{records}</recordset>" if st.record_wrapper or not chunk else records
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}</totalrecord>'
            f"<totalpage>{max(1, -(-total // perpage))}</totalpage>{inner}</datastore>"
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
        f"<title>{e(KIND_COLUMNS[s.kind])}_{e(s.authority)}</title>\n</head>\n<body>\n"
        f'<div class="header"><div class="logo"><a href="/">{e(s.authority)}</a></div></div>\n'
        f'<div class="main"><div class="column-title">{e(KIND_COLUMNS[s.kind])}</div>\n{body}\n</div>\n'
        f'<div class="footer"><a href="/">网站首页</a> <a href="/sitemap/">网站地图</a> <a href="/lxwm/">联系我们</a>'
        f"<p>主办单位：{e(s.authority)}</p></div>\n</body>\n</html>\n"
    )


def _list_date(st: ListStyle, d: date) -> str:
    return f"{d:%m-%d}" if st.yearless else d.isoformat()


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
