"""Helpers the family parsers share: item paths for structure signatures, dates, links."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

_DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")


def element_path(sel: Selector, depth: int = 6) -> str:
    """Tag.class path from a few ancestors down to the item and its children: a layout fingerprint."""
    el = sel.root
    chain = []
    for anc in [el, *list(el.iterancestors())[: depth - 1]]:
        cls = (anc.get("class") or "").strip().replace(" ", ".")
        chain.append(f"{anc.tag}.{cls}" if cls else str(anc.tag))
    children = ",".join(sorted({str(c.tag) for c in el.iterchildren() if isinstance(c.tag, str)}))
    return "/".join(reversed(chain)) + f"[{children}]"


def iso_date(text: str | None) -> str | None:
    """`2026-06-10` from the usual list-date spellings; None when there is no date."""
    if not text:
        return None
    m = _DATE.search(text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def absolute(page_url: str, href: str) -> str:
    """Resolve `./`, `../` and root-relative links against the page they were found on."""
    return urljoin(page_url, href.strip())


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None
