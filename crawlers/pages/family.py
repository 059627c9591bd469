"""Which CMS family a fetched list page looks like: what `sources discover` proposes and what
`sources check` compares with the registry."""

from __future__ import annotations

import re

from crawlers.pages.jcms import read_jcms
from greenchain.registry import Template

_TRS_DOC = re.compile(r"""href\s*=\s*["'][^"']*/t(?:19|20)\d{6}_\d+\.s?html?["']""", re.I)
_TRS_PAGE = re.compile(r"""index_\d+\.s?html?|createPageHTML\s*\(|\bvar\s+countPage\b""")

# Families whose list pages are read the same way: an attachment list is a TRS-style or plain list.
HTML_LISTS = frozenset({Template.TRS_WCM, Template.HTML_TABLE, Template.ATTACHMENT})


def family_of_page(text: str, url: str = "") -> Template:
    """Hanweb jcms (datastore/jpage), TRS WCM (its pager or document URLs), JSON API, else a plain list."""
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return Template.JSON_API
    jc = read_jcms(text)
    if jc is not None and (jc.n_records or jc.has_proxy_params or jc.init_data):
        return Template.HANWEB_JCMS
    if _TRS_PAGE.search(text) or _TRS_DOC.search(text):
        return Template.TRS_WCM
    return Template.HTML_TABLE


def compatible(registered: Template, seen: Template) -> bool:
    """Whether a page of family `seen` is what a source registered as `registered` should serve."""
    if registered == seen:
        return True
    return registered in HTML_LISTS and seen in HTML_LISTS
