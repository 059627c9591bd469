"""Hanweb jcms sites: `/col/col<id>/index.html` embeds the first records as XML in a script;
later records come from `dataproxy.jsp?startrecord=S&endrecord=E&perpage=P` (GET or POST form).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from parsel import Selector
from pydantic import BaseModel, ConfigDict, Field
from scrapy import Request
from scrapy.http import Response

from crawlers.context import ListItem, SourceContext
from crawlers.listparse import absolute, clean, element_path, iso_date
from crawlers.spiders.base import SourceSpider
from greenchain.registry import Template

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL)
_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.DOTALL)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
# The column page states the total in its pager call: jpage({totalRecord:940,totalPage:63,perPage:15})
_JPAGE_TOTAL = re.compile(r"totalRecord\s*:\s*(\d+)")


@dataclass
class HanwebRecords:
    items: list[ListItem]
    total_records: int | None
    paths: list[str]


def parse_hanweb_records(text: str, page_url: str) -> HanwebRecords:
    """Records of a datastore (embedded in the column page, or a dataproxy answer)."""
    store = _DATASTORE.search(text)
    if store is None:
        raise ValueError("no <datastore> in page")
    body = store.group(1)
    items, paths = [], []
    for cdata in _RECORD.findall(body):
        li = Selector(text=cdata).css("li")
        a = li.css("a[href]")
        if not a:
            continue
        url = absolute(page_url, a.attrib["href"])
        title = clean(a.attrib.get("title")) or clean("".join(a.css("::text").getall()))
        items.append(ListItem(url=url, title=title, date=iso_date(li.css("span::text").get()), key=url))
        paths.append(element_path(li[0]))
    m = _TOTAL.search(body) or _JPAGE_TOTAL.search(text)
    return HanwebRecords(items, int(m.group(1)) if m else None, paths)


class HanwebParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    columnid: str = Field(pattern=r"^\d+$")
    unitid: str = Field(pattern=r"^\d+$")
    webid: str = Field(pattern=r"^\d+$")
    webname: str = Field(min_length=1)
    perpage: int = Field(default=15, ge=1, le=100)
    method: Literal["get", "post"] = "get"
    dataproxy_path: str = Field(default="/module/web/jpage/dataproxy.jsp", pattern=r"^/\S+$")


class HanwebJcmsSpider(SourceSpider):
    name = "hanweb_jcms"
    family = Template.HANWEB_JCMS
    params_model = HanwebParams

    def first_requests(self, ctx: SourceContext, params: HanwebParams) -> Iterable[Request]:
        yield ctx.list_request(ctx.source.list_url, self.parse_list, page_no=1, params=params, start=1)

    def dataproxy_request(self, ctx: SourceContext, p: HanwebParams, start: int, page_no: int) -> Request:
        end = start + p.perpage - 1
        form = {"col": "1", "appid": "1", "webid": p.webid, "path": "/", "columnid": p.columnid,
                "sourceContentType": "1", "unitid": p.unitid, "webname": p.webname, "permissiontype": "0"}
        paging = {"startrecord": str(start), "endrecord": str(end), "perpage": str(p.perpage)}
        url = f"{ctx.source.base_url}{p.dataproxy_path}?{urlencode(paging)}"
        if p.method == "post":
            return ctx.list_request(url, self.parse_list, page_no=page_no, method="POST", body=urlencode(form),
                                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                                    expect="xml", params=p, start=start)
        return ctx.list_request(f"{url}&{urlencode(form)}", self.parse_list, page_no=page_no, expect="xml",
                                params=p, start=start)

    def parse_list(self, response: Response, ctx: SourceContext, page_no: int, params: HanwebParams,
                   start: int) -> Iterable[Any]:
        recs = parse_hanweb_records(ctx.list_text(response), response.url)
        requests, go_on = self.follow_items(ctx, recs.items, response.url, page_no, recs.paths)
        yield from requests
        next_start = start + len(recs.items)
        if not recs.items or (recs.total_records is not None and next_start > recs.total_records):
            ctx.reached_end = True
        elif go_on:
            yield self.dataproxy_request(ctx, params, next_start, page_no + 1)
