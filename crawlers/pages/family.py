"""Which CMS family a fetched list page looks like: what `sources discover` proposes and what
`sources check` compares with the registry."""

from __future__ import annotations

import re

from crawlers.pages.jcms import read_jcms
from greenchain.registry import Template

_TRS_DOC = re.compile(r"""href\s*=\s*["'][^"']*/t(?:19|20)\d{6}_\d+\.s?html?["']""", re.I)
_TRS_URL = re.compile(r"/t(?:19|20)\d{6}_\d+\.s?html?$")
_TRS_PAGE = re.compile(r"""index_\d+\.s?html?|createPageHTML\s*\(|\bvar\s+countPage\b""")

# Families whose list pages are read the same way: an attachment list is a TRS-style or plain list.
HTML_LISTS = frozenset({Template.TRS_WCM, Template.HTML_TABLE, Template.ATTACHMENT})


def family_of_page(text: str, url: str = "", *, item_urls: list[str] | None = None,
                   jcms_checked: bool = False) -> Template:
    """Hanweb jcms (datastore/jpage), TRS WCM (its pager or document URLs), JSON API, else a plain list.

    `item_urls`: the list's items when already read (their URLs tell TRS documents apart without
    searching the page again); `jcms_checked`: the caller already knows the page is not jcms.
    """
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return Template.JSON_API
    if not jcms_checked:
        jc = read_jcms(text)
        if jc is not None and (jc.n_records or jc.has_proxy_params or jc.init_data):
            return Template.HANWEB_JCMS
    if _TRS_PAGE.search(text):
        return Template.TRS_WCM
    if item_urls is not None:
        return Template.TRS_WCM if any(_TRS_URL.search(u) for u in item_urls) else Template.HTML_TABLE
    return Template.TRS_WCM if _TRS_DOC.search(text) else Template.HTML_TABLE


def compatible(registered: Template, seen: Template) -> bool:
    """Whether a page of family `seen` is what a source registered as `registered` should serve."""
    if registered == seen:
        return True
    return registered in HTML_LISTS and seen in HTML_LISTS
