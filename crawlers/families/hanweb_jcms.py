"""Hanweb jcms columns: `/col/col<id>/index.html` embeds the first records in an XML datastore;
later records come from `dataproxy.jsp?startrecord=S&endrecord=E&perpage=P` (POST form by default,
as the site's own jpage script asks). The proxy's parameters are read from the page
(crawlers/pages/jcms.py); registry params are only a fallback for pages that do not state them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from scrapy.http import Response

from crawlers.context import SourceContext
from crawlers.pages.jcms import JcmsPage, proxy_request, read_jcms
from crawlers.pages.lists import read_list
from greenchain.registry import Template

if TYPE_CHECKING:
    from crawlers.families.html_list import HtmlListFamily


class HanwebParams(BaseModel):
    """Fallbacks for columns whose page does not state its proxy parameters."""

    model_config = ConfigDict(extra="forbid")
    columnid: str | None = Field(default=None, pattern=r"^\d+$")
    unitid: str | None = Field(default=None, pattern=r"^\d+$")
    webid: str | None = Field(default=None, pattern=r"^\d+$")
    webname: str | None = Field(default=None, min_length=1)
    perpage: int | None = Field(default=None, ge=1, le=100)
    method: Literal["get", "post"] = "post"
    dataproxy_path: str | None = Field(default=None, pattern=r"^/\S+$")

    def fallback(self) -> dict[str, str]:
        keys = ("columnid", "unitid", "webid", "webname")
        return {k: str(getattr(self, k)) for k in keys if getattr(self, k) is not None}


def _params(ctx: SourceContext) -> HanwebParams:
    return HanwebParams.model_validate(ctx.source.params) if ctx.source.template == Template.HANWEB_JCMS \
        else HanwebParams()


def follow_column(family: HtmlListFamily, response: Response, ctx: SourceContext, page: JcmsPage,
                  start: int, page_no: int, newer_than: date | None = None) -> Iterable[Any]:
    """Items of one jcms page (column page or proxy answer) and the proxy request for the next records."""
    from crawlers.families.html_list import list_items, served_on

    read = read_list(page.records_html, response.url, served_on=served_on(response), newer_than=newer_than) \
        if page.n_records else None
    items = list_items(read) if read else []
    if read:
        for href in read.unsafe_links:
            ctx.refuse(href, "unsafe_link")
    if page.init_data and not items:
        ctx.count_error("jcms_unlinked_items")  # legacy InitData titles: the proxy gives their links
    requests, go_on = family.follow_items(ctx, items, response.url, page_no, read.paths if read else [])
    yield from requests
    if page_no == 1:
        ctx.jcms = page  # the column page's parameters serve every proxy request of the source
    column: JcmsPage = ctx.jcms or page
    p = _params(ctx)
    next_start = start + page.n_records
    total = page.total_records if page.total_records is not None else column.total_records
    unlinked_first_page = page_no == 1 and not items and bool(page.init_data)
    if (page_no > 1 and page.n_records == 0) or (total is not None and next_start > total):
        ctx.reached_end = True
        return
    if not (go_on or unlinked_first_page):
        return
    req = proxy_request(column, ctx.source.list_url, next_start, per_page=p.perpage,
                        fallback=p.fallback(), proxy_path=p.dataproxy_path)
    if req is None:
        # Records and no way to ask for more: the page is the whole list (said in the health).
        ctx.count_error("jcms_no_proxy_params")
        ctx.reached_end = page.n_records > 0
        return
    after = read.oldest_date if read else None
    if p.method == "post":
        nxt = ctx.next_list(req.url, parse_proxy, page_no=page_no + 1, method="POST", body=req.form,
                            headers={"Content-Type": "application/x-www-form-urlencoded"}, expect="xml",
                            family=family, start=next_start, newer_than=after)
    else:
        nxt = ctx.next_list(f"{req.url}&{req.form}", parse_proxy, page_no=page_no + 1, expect="xml",
                            family=family, start=next_start, newer_than=after)
    if nxt is not None:
        yield nxt


def parse_proxy(response: Response, ctx: SourceContext, page_no: int, family: HtmlListFamily, start: int,
                newer_than: date | None) -> Iterable[Any]:
    page = read_jcms(ctx.list_text(response))
    if page is None:
        raise ValueError("dataproxy answer without <datastore>")
    yield from follow_column(family, response, ctx, page, start, page_no, newer_than)
