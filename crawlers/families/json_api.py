"""JSON list APIs: `POST {list_path}` with `{"pageNo": n, "pageSize": s}`; each item's detail JSON
at `GET {detail_path}?id=<id>` is the document landed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field
from scrapy import Request
from scrapy.http import Response

from crawlers.context import ListItem, SourceContext
from crawlers.families.base import Family
from crawlers.pages.dates import find_full_date
from greenchain.registry import Template

ITEM_FIELDS = ("id", "title", "publishDate")


class ApiError(ValueError):
    pass


@dataclass
class JsonListPage:
    items: list[ListItem]
    total: int
    paths: list[str]


def parse_json_list(body: bytes, base_url: str, detail_path: str) -> JsonListPage:
    """Items of one API page. A code other than 200 or an item missing a field is an error."""
    doc = json.loads(body)
    if doc.get("code") != 200:
        raise ApiError(f"API answered code {doc.get('code')!r}: {str(doc.get('msg', ''))[:80]}")
    data = doc["data"]
    items, paths = [], []
    for row in data["list"]:
        missing = [f for f in ITEM_FIELDS if f not in row]
        if missing:
            raise ApiError(f"list item without {', '.join(missing)}")
        item_id = str(row["id"])
        url = f"{base_url}{detail_path}?id={quote(item_id, safe='')}"
        items.append(ListItem(url=url, title=row["title"], date=_iso(row["publishDate"]),
                              key=f"id:{item_id}", doc_type="json"))
        # New fields at the source change the signature, so they are noticed.
        paths.append("data.list[]{" + ",".join(sorted(row)) + "}")
    return JsonListPage(items, int(data["total"]), paths)


def _iso(value: object) -> str | None:
    d = find_full_date(str(value))
    return d.isoformat() if d else None


def json_detail_code(body: bytes) -> object:
    """The API's own status code of a detail document (it answers HTTP 200 with code 404 when gone)."""
    doc = json.loads(body)
    return doc.get("code") if isinstance(doc, dict) else None


class JsonApiParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    detail_path: str = Field(pattern=r"^/\S*$")
    page_size: int = Field(default=20, ge=1, le=500)


class JsonApiFamily(Family):
    template = Template.JSON_API
    params_model = JsonApiParams

    def page_request(self, ctx: SourceContext, p: JsonApiParams, page_no: int) -> Request:
        body = json.dumps({"pageNo": page_no, "pageSize": p.page_size})
        return ctx.list_request(ctx.source.list_url, self.parse_list, page_no=page_no, method="POST", body=body,
                                headers={"Content-Type": "application/json", "Accept": "application/json"},
                                expect="json", params=p)

    def first_requests(self, ctx: SourceContext, params: JsonApiParams) -> Iterable[Request]:
        yield self.page_request(ctx, params, 1)

    def parse_detail(self, response: Response, ctx: SourceContext, item: ListItem,
                     list_url: str) -> Iterable[Any]:
        try:
            code: object = json_detail_code(response.body)
        except ValueError:
            code = 200  # cut short (already counted as truncated): landed as served
        if code != 200:
            raise ApiError(f"detail answered code {code!r}")  # counted, and retried on the next run
        yield from super().parse_detail(response, ctx, item, list_url)

    def parse_list(self, response: Response, ctx: SourceContext, page_no: int,
                   params: JsonApiParams) -> Iterable[Any]:
        page = parse_json_list(response.body, ctx.source.base_url, params.detail_path)
        if page_no == 1:
            ctx.saw_family(Template.JSON_API)
        requests, go_on = self.follow_items(ctx, page.items, response.url, page_no, page.paths)
        yield from requests
        if page_no * params.page_size >= page.total or not page.items:
            ctx.reached_end = True
        elif go_on:
            yield self.page_request(ctx, params, page_no + 1)
