"""HTML list pages of any CMS: TRS WCM, plain tables, 政府信息公开 platforms, script-written lists.

The list is read generically (crawlers/pages/lists.py), the next page from whatever pager the page
has (crawlers/pages/pager.py); a page that turns out to be a Hanweb jcms column is handed to the
jcms adapter, whatever the registry says, and the family seen is recorded in the source's health.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawlers.context import ListItem, SourceContext
from crawlers.families import hanweb_jcms
from crawlers.families.base import Family, NoParams
from crawlers.pages.family import family_of_page
from crawlers.pages.jcms import read_jcms
from crawlers.pages.lists import ListRead, prepare, read_page
from crawlers.pages.pager import read_pager
from greenchain.registry import Template

_CHINA = timedelta(hours=8)


def served_on(response: Response) -> date:
    """The day the page was served, in China: its Date header, else now."""
    raw = response.headers.get("Date")
    if raw:
        try:
            return (parsedate_to_datetime(raw.decode("latin-1")).astimezone(UTC) + _CHINA).date()
        except (TypeError, ValueError):
            pass
    return (datetime.now(UTC) + _CHINA).date()


def list_items(read: ListRead) -> list[ListItem]:
    return [ListItem(e.url, e.title, e.date.isoformat() if e.date else None, e.url) for e in read.entries]


class HtmlListFamily(Family):
    template = Template.HTML_TABLE
    params_model: Any = NoParams

    def first_requests(self, ctx: SourceContext, params: Any) -> Iterable[Request]:
        req = ctx.next_list(ctx.source.list_url, self.parse_list, page_no=1, newer_than=None)
        if req is not None:
            yield req

    def parse_list(self, response: Response, ctx: SourceContext, page_no: int,
                   newer_than: date | None) -> Iterable[Any]:
        text = ctx.list_text(response)
        jcms = read_jcms(text)
        if jcms is not None and (jcms.n_records or jcms.has_proxy_params or jcms.init_data):
            ctx.saw_family(Template.HANWEB_JCMS)
            yield from hanweb_jcms.follow_column(self, response, ctx, jcms, start=1, page_no=page_no)
            return
        page = prepare(text)
        read = read_page(page, response.url, served_on=served_on(response), newer_than=newer_than)
        if page_no == 1:
            ctx.saw_family(family_of_page(text, response.url, item_urls=[e.url for e in read.entries],
                                          jcms_checked=True))
        for href in read.unsafe_links:
            ctx.refuse(href, "unsafe_link")
        items = list_items(read)
        requests, go_on = self.follow_items(ctx, items, response.url, page_no, read.paths)
        yield from requests
        pager = read_pager(page, response.url, page_no)
        if not items or pager.next_url is None:
            ctx.reached_end = True
            if items and pager.total_pages and pager.current < pager.total_pages:
                ctx.count_error("pager_unreadable")  # says there is more, but not where
                ctx.reached_end = False
        elif go_on:
            nxt = ctx.next_list(pager.next_url, self.parse_list, page_no=page_no + 1,
                                newer_than=read.oldest_date)
            if nxt is not None:
                yield nxt


class TrsWcmFamily(HtmlListFamily):
    template = Template.TRS_WCM


class HtmlTableFamily(HtmlListFamily):
    template = Template.HTML_TABLE


class HanwebJcmsFamily(HtmlListFamily):
    template = Template.HANWEB_JCMS
    params_model = hanweb_jcms.HanwebParams
