"""Plain HTML table lists: `{list_path}?page=N`, rows of `<table class="list">` linking `content_<id>.html`,
`共N页` and a `下一页` link that is absent on the last page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from crawlers.context import ListItem, SourceContext
from crawlers.listparse import absolute, clean, element_path, iso_date
from crawlers.spiders.base import NoParams, SourceSpider
from greenchain.registry import Template

_TOTAL = re.compile(r"共\s*(\d+)\s*页")


@dataclass
class TableListPage:
    items: list[ListItem]
    total_pages: int | None
    has_next: bool
    paths: list[str]


def parse_table_list(text: str, page_url: str) -> TableListPage:
    sel = Selector(text=text)
    items, paths = [], []
    for tr in sel.css("table.list tr"):
        a = tr.css("a[href*='content_']")
        if not a:
            continue  # header row
        url = absolute(page_url, a.attrib["href"])
        title = clean(a.attrib.get("title")) or clean("".join(a.css("::text").getall()))
        date = next((d for d in map(iso_date, tr.css("td::text").getall()) if d), None)
        items.append(ListItem(url=url, title=title, date=date, key=url))
        paths.append(element_path(tr))
    m = _TOTAL.search(text)
    has_next = any("下一页" in "".join(a.css("::text").getall()) for a in sel.css("a[href]"))
    return TableListPage(items, int(m.group(1)) if m else None, has_next, paths)


class HtmlTableSpider(SourceSpider):
    name = "html_table"
    family = Template.HTML_TABLE
    params_model = NoParams

    def page_url(self, ctx: SourceContext, page_no: int) -> str:
        sep = "&" if "?" in ctx.source.list_url else "?"
        return f"{ctx.source.list_url}{sep}page={page_no}"

    def first_requests(self, ctx: SourceContext, params: NoParams) -> Iterable[Request]:
        yield ctx.list_request(self.page_url(ctx, 1), self.parse_list, page_no=1)

    def parse_list(self, response: Response, ctx: SourceContext, page_no: int) -> Iterable[Any]:
        page = parse_table_list(ctx.list_text(response), response.url)
        requests, go_on = self.follow_items(ctx, page.items, response.url, page_no, page.paths)
        yield from requests
        if not page.has_next or not page.items:
            ctx.reached_end = True
        elif go_on:
            yield ctx.list_request(self.page_url(ctx, page_no + 1), self.parse_list, page_no=page_no + 1)
