"""What a CMS family provides to the crawl: where a source's list starts and how to read its pages.

A family is a small stateless adapter; everything per source (state, health, landing) lives in
the source's `SourceContext`, and the spider routes each answer to the family method that asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict
from scrapy import Request
from scrapy.http import Response

from greenchain.registry import Template

if TYPE_CHECKING:
    from crawlers.context import ListItem, SourceContext


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Family:
    template: ClassVar[Template]
    params_model: ClassVar[type[BaseModel]] = NoParams

    def first_requests(self, ctx: SourceContext, params: Any) -> Iterable[Request]:
        raise NotImplementedError

    def item_request(self, ctx: SourceContext, item: ListItem, list_url: str) -> Request:
        """The request for one new list item (a detail document by default)."""
        return ctx.detail_request(item, list_url)

    def listed_documents(self, ctx: SourceContext, item: ListItem) -> list[str]:
        """The document URLs a list item stands for (for the listing manifest)."""
        return [item.url]

    def pending_request(self, ctx: SourceContext, item: ListItem, list_url: str) -> Request:
        return self.item_request(ctx, item, list_url)

    def parse_detail(self, response: Response, ctx: SourceContext, item: ListItem,
                     list_url: str) -> Iterable[Any]:
        # The context writes the landing line; nothing is handed to Scrapy's item machinery, whose
        # per-item signals cost more than the landing itself.
        ctx.land(response, item, list_url, item.doc_type)
        return ()

    def follow_items(self, ctx: SourceContext, items: list[ListItem], list_url: str, page_no: int,
                     sig_paths: list[str] | None) -> tuple[list[Request], bool]:
        """Requests for the new items of a list page and whether paging should go on."""
        new, go_on = ctx.listed(items, list_url, page_no, sig_paths)
        return [self.item_request(ctx, it, list_url) for it in new], go_on
