"""One list page of any family read end to end (family, items, pager, layout signature), as
`sources check` and `sources discover` need it; the crawl reads pages the same way, spread over
its family adapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crawlers.decoding import decode_body
from crawlers.health import structure_signature
from crawlers.pages.family import family_of_page
from crawlers.pages.jcms import JcmsPage, read_jcms
from crawlers.pages.lists import Entry, clean, parse_html, prepare, read_list, read_page
from crawlers.pages.pager import Pager, read_pager
from greenchain.registry import Template


@dataclass
class PageSummary:
    family: Template
    entries: list[Entry]
    signature: str | None  # structure signature of the items (None when there are none)
    pager: Pager | None = None
    jcms: JcmsPage | None = None
    encoding: str = "utf-8"
    title: str | None = None
    evidence: list[str] = field(default_factory=list)


def page_title(text: str) -> str | None:
    root = parse_html(text)
    t = root.find(".//title")
    return clean("".join(t.itertext())) if t is not None else None


def summarize_list_page(body: bytes, content_type: str | None, url: str, *, encoding: str = "utf-8",
                        served_on: date) -> PageSummary:
    """Family, items, pager and layout signature of one fetched list page."""
    text, enc, _mislabelled = decode_body(body, content_type, encoding)
    family = family_of_page(text, url)
    title = page_title(text) if family != Template.JSON_API else None
    if family == Template.JSON_API:
        return PageSummary(family, [], None, encoding=enc, evidence=["JSON body"])
    if family == Template.HANWEB_JCMS:
        jc = read_jcms(text)
        assert jc is not None
        read = read_list(jc.records_html, url, served_on=served_on) if jc.n_records else None
        entries = read.entries if read else []
        return PageSummary(family, entries, structure_signature(read.paths) if entries and read else None,
                           jcms=jc, encoding=enc, title=title, evidence=jc.evidence)
    page = prepare(text)
    read = read_page(page, url, served_on=served_on)
    pager = read_pager(page, url, 1)
    evidence = [f"pager: {pager.how}"] if pager.how != "none" else []
    return PageSummary(family, read.entries, structure_signature(read.paths) if read.entries else None, pager,
                       encoding=enc, title=title, evidence=evidence)
