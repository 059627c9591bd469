"""Plain-text documents: a page saved as text (a web archive's copy, a text attachment), read
by the document reader (normalize/reading) like the text of an HTML page's body."""

from __future__ import annotations

from normalize.layouts.base import QuarantineError, RawItem
from normalize.reading import read_text
from normalize.taxonomy import Taxonomy


def parse_text(text: str, taxonomy: Taxonomy) -> list[RawItem]:
    """RawItems of a text document; QuarantineError when it names no party with a decision."""
    items = read_text(text, taxonomy, layout="text")
    if not items:
        raise QuarantineError("no record found (no party block, no reported penalty)", parser="text")
    return items
