"""Attachment sites: a TRS-style list of (monthly) articles, each linking files in
`<p class="insertfileTag"><a href="./P0….xls">`. Every file is landed (doc_type from its extension);
the article page is snapshotted but is not a record document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector
from scrapy import Request
from scrapy.http import Response

from crawlers.context import ARTICLE, ListItem, SourceContext
from crawlers.listparse import absolute, clean
from crawlers.spiders.trs_wcm import TrsParams, TrsWcmSpider
from greenchain.registry import Template

# Extension → landing doc_type. A file type missing here is counted, not guessed.
FILE_TYPES = {".xls": "xls", ".xlsx": "xlsx", ".pdf": "pdf"}
ARTICLE_DOC = "article"


def parse_article_files(text: str, page_url: str) -> tuple[list[tuple[str, str | None, str]], list[str]]:
    """(url, link text, doc_type) of every attached file, and the links of unknown file types."""
    files, unknown = [], []
    for a in Selector(text=text).css("p.insertfileTag a[href]"):
        url = absolute(page_url, a.attrib["href"])
        path = urlsplit(url).path.lower()
        ext = path[path.rfind("."):] if "." in path.rsplit("/", 1)[-1] else ""
        if ext in FILE_TYPES:
            files.append((url, clean("".join(a.css("::text").getall())), FILE_TYPES[ext]))
        else:
            unknown.append(url)
    return files, unknown


class AttachmentSpider(TrsWcmSpider):
    name = "attachment"
    family = Template.ATTACHMENT
    params_model = TrsParams

    def item_request(self, ctx: SourceContext, item: ListItem, list_url: str) -> Request:
        if item.doc_type in (ARTICLE_DOC, "html"):
            article = ListItem(item.url, item.title, item.date, item.key, ARTICLE_DOC)
            return ctx.request(item.url, self.parse_article, role=ARTICLE, expect="html", item=article,
                               list_url=list_url)
        return ctx.detail_request(item, list_url)

    def listed_documents(self, ctx: SourceContext, item: ListItem) -> list[str]:
        # Files of an article read earlier come from the state; a new article adds its own when read.
        return ctx.state.files_of.get(item.url, []) if ctx.state.known(item.key, ctx.run_id) else []

    def parse_article(self, response: Response, ctx: SourceContext, item: ListItem, list_url: str) -> Iterable[Any]:
        ctx.snapshot_article(response)
        files, unknown = parse_article_files(ctx.list_text(response), response.url)
        for _url in unknown:
            ctx.count_error("unknown_file_type")
        if not files:
            ctx.count_error("article_without_files")
        ctx.article_files[item.url] = [f[0] for f in files]
        for url, _text, _doc_type in files:
            ctx.listing[url] = None
        for url, text, doc_type in files:
            if ctx.state.known(url, ctx.run_id) or url in ctx.requested:
                continue
            ctx.requested.add(url)
            ctx.health.items_new += 1
            f = ListItem(url=url, title=text or item.title, date=item.date, key=url, doc_type=doc_type)
            yield ctx.detail_request(f, response.url)
        # The article is done once read: a file that fails stays pending under its own URL.
        ctx.landed_keys.add(item.key)
