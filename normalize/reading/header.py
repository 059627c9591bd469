"""The head of a decision document: authority and title, the document's own number.

National template: `某某市生态环境局` / `行政处罚决定书` / `某环罚〔2024〕12号`, in any order, on
separate lines or run together, often repeated in the page title line above. The number printed
there is the document's; numbers the body cites (the order to correct, the prior notice, monitoring
reports) are other documents'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalize.reading.doc import Doc
from normalize.reading.patterns import (
    OTHER_PAPER,
    TITLE,
    is_authority,
    looks_like_party,
    number_kind,
    number_spans,
    title_kind,
)
from normalize.record import DocKind

MAX_TITLE_SEG = 80
_CITED = re.compile(r"《[^》]*$|》\s*[(（]\s*$")  # a number inside or after 《…》 is cited, not the heading


@dataclass
class Title:
    seg: int
    kind: DocKind
    start: int  # of the title words in the matching text
    end: int
    authority: tuple[int, int] | None = None  # an authority printed before the title words
    party: tuple[int, int] | None = None  # a party printed before them (page title lines)


def find_titles(doc: Doc, limit: int = 40) -> list[Title]:
    """Title segments of the head (short, not a citation 《…决定书》): the page's title line, the
    document's own title, a title repeated by a print layout."""
    out: list[Title] = []
    for i, seg in enumerate(doc.segs[:limit]):
        if len(seg.text) > MAX_TITLE_SEG or "书" not in seg.text and "催告" not in seg.text:  # titles end in 书
            continue
        m = TITLE.search(seg.text)
        if not m or "《" in seg.text[: m.start()] and "》" not in seg.text[: m.start()]:
            continue
        t = Title(i, title_kind(m), seg.start + m.start(), seg.start + m.end())
        pre = seg.text[: m.start()].strip()
        if pre and not pre.endswith("的") and not pre.startswith("关于"):  # 关于对某某的…决定书: no authority there
            if is_authority(pre):
                t.authority = (seg.start, seg.start + len(pre))
            elif looks_like_party(pre):
                t.party = (seg.start, seg.start + len(pre))
        out.append(t)
    return out


def find_title(doc: Doc, limit: int = 40) -> Title | None:
    titles = find_titles(doc, limit)
    return titles[0] if titles else None


def header_authority(doc: Doc, title: Title) -> tuple[int, int] | None:
    """An authority printed on a line of its own just before or after the title, else before it on
    the title line."""
    if title.authority is not None:
        return title.authority
    for j in (title.seg - 1, title.seg + 1, title.seg - 2, title.seg + 2):
        if 0 <= j < len(doc.segs):
            s = doc.segs[j]
            name = s.text.rstrip(":")
            if name.endswith("文件"):
                name = name[:-2]
            if is_authority(name):
                return s.start, s.start + len(name)
    return None


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    kind: DocKind | None
    other: bool  # a monitoring report, letter, approval … (not a decision of any kind)
    alone: bool = False  # printed on a line of its own (the document's heading), not inside a title line


def numbers_in(doc: Doc, first: int, last: int) -> list[Number]:
    """Document numbers printed in segments [first, last), not inside a citation."""
    out: list[Number] = []
    for seg in doc.segs[first:last]:
        for a, b in number_spans(seg.text):
            if _CITED.search(seg.text[:a]):
                continue
            no = seg.text[a:b]
            head = re.split(r"[〔\[【〖(<]\s*(?:19|20)\d\d", no)[0]
            k = number_kind(no)
            alone = not seg.text[:a].strip(" ()（）") and not seg.text[b:].strip(" ()（）")
            out.append(Number(seg.start + a, seg.start + b, k, k is None and bool(OTHER_PAPER.search(head)), alone))
    return out


def own_number(numbers: list[Number], kind: DocKind | None) -> Number | None:
    """The document's own number among those in its head: the first whose infix fits the kind
    (a decision's 罚, an order's 责改, a notice's 罚告), else a plain one; never another paper's."""
    # the heading's own line first: a page title line may repeat the number in another print
    fits = sorted((n for n in numbers if not n.other and (kind is None or n.kind in (kind, None))), key=lambda n: not n.alone)
    if kind is None:
        typed = [n for n in fits if n.kind is not None]
        return typed[0] if typed else (fits[0] if fits else None)
    exact = [n for n in fits if n.kind == kind]
    return exact[0] if exact else (fits[0] if fits else None)
