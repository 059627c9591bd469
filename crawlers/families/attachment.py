"""Attachment sources: a list of (monthly) articles, each linking spreadsheet or PDF files that hold
many records. Every file is landed (doc_type from its extension); the article page is
snapshotted but is not a record document. The list is read like any HTML list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawlers.context import ARTICLE, ListItem, SourceContext
from crawlers.families.html_list import HtmlListFamily
from crawlers.pages import links
from crawlers.pages.lists import chunks, clean, parse_html
from greenchain.registry import Template

# Extension → landing doc_type. A file type missing here is counted, not guessed.
FILE_TYPES = {".xls": "xls", ".xlsx": "xlsx", ".pdf": "pdf"}
# Links that are attachments of some kind (known or not), as opposed to pages.
ATTACHMENT_EXTS = frozenset(FILE_TYPES) | {".doc", ".docx", ".wps", ".et", ".zip", ".rar", ".7z", ".csv", ".ofd"}
ARTICLE_DOC = "article"
# An href worth a closer look: it names a scheme (maybe one never fetched), or its path ends in an
# attachment extension. Articles hold dozens of navigation links; one C-level search skips them.
_WORTH_A_LOOK = re.compile(
    r"^\s*[a-z][a-z0-9+.\-]*:|\.(?:" + "|".join(e[1:] for e in sorted(ATTACHMENT_EXTS)) + r")\s*(?:[?#]|$)", re.I)


def _ext(path: str) -> str:
    leaf = path.lower().rsplit("/", 1)[-1]
    return leaf[leaf.rfind("."):] if "." in leaf else ""


def parse_article_files(text: str, page_url: str) -> tuple[list[tuple[str, str | None, str]], list[str], list[str]]:
    """(url, link text, doc_type) of every attached file, the links of unknown file types, and
    hrefs refused by scheme (file:, ftp: …). Any link to a file counts, wherever the CMS put it."""
    files: list[tuple[str, str | None, str]] = []
    unknown: list[str] = []
    refused: list[str] = []
    seen: set[str] = set()
    joiner = links.Joiner(page_url)
    for a in parse_html(text).iter("a"):
        href = a.get("href")
        if not href:
            continue
        if _WORTH_A_LOOK.search(href) is None:
            continue
        h = href.strip()
        if links.refused_scheme(h) is not None:
            refused.append(h[:200])
            continue
        ext = _ext(links.path_query(h)[0])
        if ext not in ATTACHMENT_EXTS:
            continue
        url = joiner.join(h)
        if url in seen:
            continue
        seen.add(url)
        if ext in FILE_TYPES:
            files.append((url, clean(" ".join(chunks(a))), FILE_TYPES[ext]))
        else:
            unknown.append(url)
    return files, unknown, refused


class AttachmentFamily(HtmlListFamily):
    template = Template.ATTACHMENT

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
        files, unknown, refused = parse_article_files(ctx.list_text(response), response.url)
        for _url in unknown:
            ctx.count_error("unknown_file_type")
        for href in refused:
            ctx.refuse(href, "unsafe_link")
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
