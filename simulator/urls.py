"""Where each item of a source lives: detail paths per template and attachment file names."""

from __future__ import annotations

import posixpath
import random

from greenchain.registry import Source, Template
from simulator.publications import Item

FILE_EXTS = ("xls", "xlsx", "pdf")


def detail_path(s: Source, item: Item) -> str:
    """Absolute path (with query for JSON) of the item's detail document on the source's host."""
    d = item.publish_date
    if s.template in (Template.TRS_WCM, Template.ATTACHMENT):
        return f"{s.list_path}{d:%Y%m}/t{d:%Y%m%d}_{item.doc_number}.html"
    if s.template == Template.HANWEB_JCMS:
        return f"/art/{d.year}/{d.month}/{d.day}/art_{s.params['columnid']}_{item.doc_number}.html"
    if s.template == Template.JSON_API:
        return f"{s.params['detail_path']}?id={item.key}"
    if s.template == Template.HTML_TABLE:
        return f"{posixpath.dirname(s.list_path)}/content_{item.doc_number}.html"
    raise ValueError(f"no detail path for template {s.template}")


def detail_href(s: Source, item: Item) -> str:
    """The link as the list page prints it: relative `./YYYYMM/…` on TRS lists, absolute elsewhere."""
    if s.template in (Template.TRS_WCM, Template.ATTACHMENT):
        d = item.publish_date
        return f"./{d:%Y%m}/t{d:%Y%m%d}_{item.doc_number}.html"
    return detail_path(s, item)


def attachment_files(s: Source, item: Item, n_records: int) -> list[tuple[str, str, range]]:
    """(path, extension, record rows) of the 1–3 files an attachment article links."""
    rng = random.Random(f"files:{item.key}")
    n_files = min(n_records, rng.randint(1, 3))
    d = item.publish_date
    bounds = sorted(rng.sample(range(1, n_records), n_files - 1)) if n_files > 1 else []
    edges = [0, *bounds, n_records]
    out = []
    for k in range(n_files):
        ext = rng.choice(FILE_EXTS)
        path = f"{s.list_path}{d:%Y%m}/P020{d:%Y%m%d}{item.doc_number}{k}.{ext}"
        out.append((path, ext, range(edges[k], edges[k + 1])))
    return out


def file_href(path: str) -> str:
    """Attachment links are relative to the article: ./P020….xls."""
    return "./" + posixpath.basename(path)
