"""A document being read: its view, segments and label pairs, and how a found span becomes a
field of a RawItem (printed text + span in the page text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from normalize.layouts.base import RawItem
from normalize.reading.labels import Pair, cell_label, seg_pairs
from normalize.reading.segments import Seg, segments
from normalize.reading.view import View
from normalize.taxonomy import Taxonomy

SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、,.]")
# How the body of a decision opens once the party block is over.
OPENER = re.compile(
    r"^(?:经|我局|我厅|我部|本机关|本局|你单位|你公司|你厂|你|根据|依据|20\d\d\s*年|\d{1,2}月\d{1,2}日|接|现查明|案由|违法事实|"
    r"[\u4e00-\u9fff]{2,40}?(?:环境违法|违法)一案)"
)


@dataclass
class Doc:
    view: View
    taxonomy: Taxonomy
    segs: list[Seg] = field(init=False)

    def __post_init__(self) -> None:
        self.segs = segments(self.view.text)

    @property
    def text(self) -> str:
        return self.view.text

    @cached_property
    def _pairs(self) -> dict[int, list[Pair]]:
        return {}

    def pairs(self, i: int) -> list[Pair]:
        got = self._pairs.get(i)
        if got is None:
            got = self._pairs[i] = seg_pairs(self.segs[i], i, self.taxonomy)
        return got

    def cell_pair(self, i: int) -> Pair | None:
        """A label cell followed by its value cell (flattened tables)."""
        if i + 1 >= len(self.segs):
            return None
        ok, fld = cell_label(self.segs[i], self.taxonomy)
        if not ok:
            return None
        nxt = self.segs[i + 1]
        if cell_label(nxt, self.taxonomy)[0] or self.pairs(i + 1):
            return None
        return Pair(fld, self.segs[i].text.strip("[] :"), nxt.start, nxt.end, self.segs[i].start, i + 1)

    def is_sentence(self, i: int) -> bool:
        return "。" in self.segs[i].text or len(self.segs[i].text) > 40

    def is_body(self, i: int) -> bool:
        """Where the party block ends: a numbered section, a sentence, an opener of the facts."""
        s = self.segs[i].text
        if SECTION.match(s) or OPENER.match(s):
            return not self.pairs(i)
        return len(s) > 80 and not self.pairs(i)


def put(item: RawItem, doc: Doc, key: str, start: int, end: int) -> None:
    """Store text[start:end] as printed, with its span in the printed page text."""
    if end <= start:
        return
    a, b = doc.view.raw_span(start, end)
    item.put(key, doc.view.raw[a:b], span=(a, b))
