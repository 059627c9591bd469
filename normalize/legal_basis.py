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


# Procedure, discretion benchmarks and lists rest a penalty on nothing by themselves: the law a
# penalty rests on is the first other one cited (行政处罚法 is that law only when nothing else is).
_PROCEDURAL = re.compile(r"行政处罚法|行政复议法|行政诉讼法|行政强制法|罚款决定与罚款收缴分离|行政处罚办法|裁量|清单|适用规则|程序规定|实施办法")


def law_names(text: str | None) -> list[str]:
    """The names of the laws cited in `text` (inside 《》, without them), in order, once each."""
    if not text:
        return []
    out: list[str] = []
    for m in _LAW.finditer(text):
        name = m.group(1).strip()
        if name and name not in out:
            out.append(name)
    return out


_BACK_REF = re.compile(r"(?:该|同)(法|条例|办法)(?=第)")


def resolve_back_reference(basis: str, earlier: str) -> str:
    """依据该法第九十九条 after 违反了《某某法》: the basis with 该法 replaced by the last law of
    that kind named earlier (the violated clause), so the basis names its law."""
    m = _BACK_REF.search(basis)
    if not m or "《" in basis[: m.start()]:
        return basis
    names = [n for n in law_names(earlier) if n.endswith(m.group(1)) and not _PROCEDURAL.search(n)]
    return basis[: m.start()] + f"《{names[-1]}》" + basis[m.end() :] if names else basis


def main_law(text: str | None) -> str | None:
    """The law a penalty rests on, from the text of its basis (依据《…》…)."""
    names = law_names(text)
    for n in names:
        if not _PROCEDURAL.search(n):
            return n
    return names[0] if names else None
