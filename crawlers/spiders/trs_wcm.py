"""TRS WCM sites: `index.shtml`, `index_1.shtml` … with `createPageHTML(total, current, "index", "shtml")`.

Items are `<ul class="list"><li><a href="./YYYYMM/tYYYYMMDD_n.html" title="…">…</a><span>date</span></li>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from parsel import Selector
from pydantic import BaseModel, ConfigDict, Field
from scrapy import Request
from scrapy.http import Response

from crawlers.context import ListItem, SourceContext
from crawlers.listparse import absolute, clean, element_path, iso_date
from crawlers.spiders.base import SourceSpider
from greenchain.registry import Template

_PAGER = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")


@dataclass
class TrsListPage:
    items: list[ListItem]
    total_pages: int | None  # None: the page has no pager script
    paths: list[str]


def parse_trs_list(text: str, page_url: str) -> TrsListPage:
    """Items and page count of one TRS list page; links resolved against the page URL."""
    sel = Selector(text=text)
    items, paths = [], []
    for li in sel.css("ul.list > li"):
        a = li.css("a[href]")
        if not a:
            continue
        url = absolute(page_url, a.attrib["href"])
        title = clean(a.attrib.get("title")) or clean("".join(a.css("::text").getall()))
        items.append(ListItem(url=url, title=title, date=iso_date(li.css("span::text").get()), key=url))
        paths.append(element_path(li))
    m = _PAGER.search(text)
    return TrsListPage(items, int(m.group(1)) if m else None, paths)


def trs_page_url(index_url: str, page_no: int, ext: str) -> str:
    """Page 1 is index.<ext>, page 2 index_1.<ext>, …"""
    base = index_url.rsplit("/", 1)[0]
    return f"{base}/index.{ext}" if page_no == 1 else f"{base}/index_{page_no - 1}.{ext}"


class TrsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ext: str = Field(default="shtml", pattern=r"^(shtml|html|htm)$")


class TrsWcmSpider(SourceSpider):
    name = "trs_wcm"
    family = Template.TRS_WCM
    params_model = TrsParams

    def first_requests(self, ctx: SourceContext, params: TrsParams) -> Iterable[Request]:
        url = trs_page_url(ctx.source.list_url, 1, params.ext)
        yield ctx.list_request(url, self.parse_list, page_no=1, ext=params.ext)

    def parse_list(self, response: Response, ctx: SourceContext, page_no: int, ext: str) -> Iterable[Any]:
        page = parse_trs_list(ctx.list_text(response), response.url)
        requests, go_on = self.follow_items(ctx, page.items, response.url, page_no, page.paths)
        yield from requests
        total = page.total_pages or 1
        if page.total_pages is None and page.items:
            ctx.count_error("no_pager")  # read as a single page, but say so
        if page_no >= total:
            ctx.reached_end = True
        elif go_on:
            yield ctx.list_request(trs_page_url(response.url, page_no + 1, ext), self.parse_list,
                                   page_no=page_no + 1, ext=ext)
