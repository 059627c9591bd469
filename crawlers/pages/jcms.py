"""Hanweb jcms column pages and `dataproxy.jsp` answers: the one family generic reading cannot do,
because the list lives in an XML datastore and later pages come from a record-range proxy.

Everything is read from the page itself: records from `<datastore>` (inside `<record>` CDATA or
bare CDATA), the column's proxy parameters from `var param_<unit>={…}`, the `nextgroup` link and the
`.jpage({…, ajaxParam:{…}})` call, the total from `<totalrecord>` or `totalRecord:`, the page
size from `perPage:`. Legacy jslib pages keep their first records in `InitData<unit>=['title[date]',…]`
(text without links): those are reported, and the records come from the proxy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from crawlers.pages.dates import date_only, find_full_date
from crawlers.pages.scripts import object_literal, string_array

_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup>(.*?)</nextgroup>", re.S | re.I)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_TOTALRECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_HREF = re.compile(r"""href\s*=\s*["']([^"']*dataproxy\.jsp[^"']*)["']""", re.I)
_PARAM_VAR = re.compile(r"\bvar\s+param_\w+\s*=\s*\{")
_JPAGE = re.compile(r"\bjpage\s*\(\s*\{")
_INIT_DATA = re.compile(r"\b(InitData\w*)\s*=\s*\[")
_INIT_ITEM = re.compile(r"^(.*?)\s*\[(\d{4}-\d{1,2}-\d{1,2})\]\s*$")
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
# What the jpage script sends besides the record range; the page's own values win.
FORM_DEFAULTS = {"col": "1", "appid": "1", "path": "/", "sourceContentType": "1", "permissiontype": "0"}
FORM_KEYS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname",
             "permissiontype")


@dataclass
class JcmsPage:
    """A jcms column page or proxy answer, as far as it tells."""

    records_html: str  # the records' markup, one fragment (read by the generic list reader)
    n_records: int  # how many records the page carries
    total_records: int | None
    per_page: int | None
    group_size: int | None
    proxy_path: str | None
    params: dict[str, str] = field(default_factory=dict)
    init_data: list[str] = field(default_factory=list)  # legacy InitData strings (no links)
    evidence: list[str] = field(default_factory=list)

    @property
    def has_proxy_params(self) -> bool:
        return "columnid" in self.params


def _flat(d: dict[str, object]) -> dict[str, str]:
    return {k: str(v).strip("'\"") for k, v in d.items() if not isinstance(v, dict)}


def read_jcms(text: str) -> JcmsPage | None:
    """None when the page is not a jcms list (no datastore and no jpage call)."""
    if "datastore" not in text and "jpage" not in text and "InitData" not in text:
        return None  # the common case, decided without a regex
    store = _DATASTORE.search(text)
    jpage = _JPAGE.search(text)
    init = _INIT_DATA.search(text)
    if store is None and jpage is None and init is None:
        return None
    params: dict[str, str] = {}
    evidence: list[str] = []
    records: list[str] = []
    proxy: str | None = None
    total: int | None = None
    per_page = group = None
    if store is not None:
        body = store.group(1)
        if ng := _NEXTGROUP.search(body):
            if href := _HREF.search(ng.group(1)):
                parts = urlsplit(href.group(1).replace("&amp;", "&"))
                proxy = parts.path
                params.update({k: v for k, v in parse_qsl(parts.query) if k in FORM_KEYS})
                evidence.append("nextgroup")
            body = body[: ng.start()] + body[ng.end() :]
        records = [c for c in _CDATA.findall(body) if c.strip()]
        if m := _TOTALRECORD.search(body):
            total = int(m.group(1))
        evidence.append(f"datastore ({len(records)} records)")
    if jpage is not None:
        cfg, _end = object_literal(text, jpage.end() - 1)
        if isinstance(cfg.get("ajaxParam"), dict):
            params = {**_flat(cfg["ajaxParam"]), **params}  # type: ignore[arg-type]
        total = total if total is not None else _int(cfg.get("totalRecord"))
        per_page, group = _int(cfg.get("perPage")), _int(cfg.get("groupSize"))
        if isinstance(cfg.get("proxyUrl"), str):
            proxy = proxy or str(cfg["proxyUrl"])
        evidence.append("jpage call")
    for m in _PARAM_VAR.finditer(text):
        obj, _end = object_literal(text, m.end() - 1)
        params = {**params, **_flat(obj)}
        evidence.append("var param_")
    init_data: list[str] = []
    if init is not None:
        init_data = string_array(text, init.end() - 1)
        evidence.append(f"{init.group(1)} ({len(init_data)} strings)")
    params = {k: v for k, v in params.items() if k in FORM_KEYS}
    return JcmsPage(_as_fragment(records), len(records), total, per_page, group, proxy, params, init_data, evidence)


def _int(v: object) -> int | None:
    s = str(v).strip().strip("'\"") if v is not None else ""
    return int(s) if s.isdigit() else None


def _as_fragment(records: list[str]) -> str:
    """Records as one HTML fragment; table rows get a table so the parser keeps them."""
    joined = "\n".join(records)
    if re.match(r"\s*<tr[\s>]", joined, re.I):
        return f"<table>{joined}</table>"
    return f"<ul>{joined}</ul>" if re.match(r"\s*<li[\s>]", joined, re.I) else f"<div>{joined}</div>"


def init_data_items(strings: list[str]) -> list[tuple[str, str | None]]:
    """(title, ISO date) of legacy InitData strings `title...[2014-07-14]`."""
    out = []
    for s in strings:
        m = _INIT_ITEM.match(s)
        if m:
            d = find_full_date(m.group(2))
            out.append((m.group(1), d.isoformat() if d else None))
        else:
            d2 = date_only(s)
            out.append((s, None if d2 is None or isinstance(d2, tuple) else d2.isoformat()))
    return out


@dataclass(frozen=True)
class ProxyRequest:
    url: str
    form: str  # x-www-form-urlencoded body (POST); the same pairs work as a GET query
    start: int
    end: int


def proxy_request(page: JcmsPage, page_url: str, start: int, *, per_page: int | None = None,
                  group_size: int | None = None, fallback: dict[str, str] | None = None,
                  proxy_path: str | None = None) -> ProxyRequest | None:
    """The dataproxy request for records from `start` on, as the column's jpage script would ask
    (a group of pages at once); None when the column's parameters cannot be found."""
    params = {**(fallback or {}), **page.params}
    if "columnid" not in params:
        return None
    size = (per_page or page.per_page or 15) * (group_size or page.group_size or 3)
    end = start + size - 1
    form = {k: params.get(k, FORM_DEFAULTS.get(k, "")) for k in FORM_KEYS}
    path = page.proxy_path or proxy_path or DEFAULT_PROXY
    query = urlencode({"startrecord": start, "endrecord": end, "perpage": per_page or page.per_page or 15})
    return ProxyRequest(f"{urljoin(page_url, path)}?{query}", urlencode(form), start, end)
