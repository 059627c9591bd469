"""Legal basis: the laws and articles a penalty rests on, e.g.
依据《中华人民共和国大气污染防治法》第九十九条第二项和第一百零八条 → two LegalBasis entries."""

from __future__ import annotations

import re

from normalize.record import LegalBasis

_LAW = re.compile(r"《([^《》]{2,60})》")
_NUM = "一二三四五六七八九十百零〇两\\d"
_ARTICLE = re.compile(rf"第[{_NUM}]+条(?:之[{_NUM}]+)?(?:第[{_NUM}]+款)?(?:第[{_NUM}]+项)?(?:[({{(][{_NUM}]+[)}})])?")
# Between one article and the next of the same law: 、 和 及 以及 , 第…条 "and" joins.
_JOINER = re.compile(r"^\s*(?:、|和|及|以及|,|，|与|并)\s*")


def parse_legal_basis(text: str | None) -> list[LegalBasis]:
    """Each (law, article) cited in `text`, in order; a law cited without an article has article None.
    Duplicates are kept once."""
    if not text:
        return []
    out: list[LegalBasis] = []
    seen: set[tuple[str, str | None]] = set()
    laws = list(_LAW.finditer(text))
    for i, m in enumerate(laws):
        law = f"《{m.group(1)}》"
        end = laws[i + 1].start() if i + 1 < len(laws) else len(text)
        rest = text[m.end() : end]
        articles: list[str] = []
        pos = 0
        while True:
            a = _ARTICLE.match(rest, pos)
            if not a:
                break
            articles.append(a.group(0))
            pos = a.end()
            j = _JOINER.match(rest[pos:])
            if not j:
                break
            pos += j.end()
        for art in articles or [None]:
            key = (law, art)
            if key not in seen:
                seen.add(key)
                out.append(LegalBasis(law=law, article=art))
    return out
