"""Label/value pairs in segments: `地址：…`, several on one line (`法定代表人：王影 地址：…`, even glued
`…6F组织机构代码：无`), metadata bullets `[ 成文日期 ] 2025-12-19`, and table cells where the label
is one cell and the value the next (`行政相对人名称 |` / `某某有限公司 |`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalize.reading.segments import Seg
from normalize.taxonomy import Taxonomy, label_key


@dataclass(frozen=True)
class Pair:
    field: str | None  # None for a known label that is not read (联系电话, 索引号 …)
    label: str
    start: int  # value span in the matching text
    end: int
    label_start: int
    seg: int  # index of the segment holding the value


_NOT_IN_LABEL = re.compile(r"[,;。、!?“”《》]")  # a sentence, not a label (王某，男，身份证号码：…)
_BRACKETED = re.compile(r"^\[\s*([^\]]{2,16}?)\s*\]\s*")
_TRIM = " \t,;。，；、?"  # ? stands for a space lost in an encoding (法人代表:???钟某 ??)
_MAX_LABEL = 24


_KNOWN: dict[tuple[int, str], tuple[bool, str | None]] = {}


def known(label: str, taxonomy: Taxonomy) -> tuple[bool, str | None]:
    """(is a known label, its field): listed, ignored, or read by a word it contains."""
    hit = _KNOWN.get((id(taxonomy), label))
    if hit is None:
        if len(_KNOWN) > 65536:
            _KNOWN.clear()
        hit = _KNOWN[(id(taxonomy), label)] = _known(label, taxonomy)
    return hit


def _known(label: str, taxonomy: Taxonomy) -> tuple[bool, str | None]:
    key = label_key(label)
    if not key or len(key) > _MAX_LABEL or not re.search(r"[\u4e00-\u9fff]", key) or _NOT_IN_LABEL.search(key):
        return False, None
    if key in taxonomy.labels:
        return True, taxonomy.labels[key]
    if key in taxonomy.ignored_labels:
        return True, None
    fld = taxonomy.field_for_label(key)
    return fld is not None, fld


def _exact(label: str, taxonomy: Taxonomy) -> bool:
    key = label_key(label)
    return key in taxonomy.labels or key in taxonomy.ignored_labels


def seg_pairs(seg: Seg, n: int, taxonomy: Taxonomy) -> list[Pair]:
    """The label/value pairs of one segment: it must start with a label; later labels may follow
    a value after a space, a separator or nothing at all."""
    text = seg.text
    if ":" not in text[: _MAX_LABEL + 4] and not text.startswith("["):
        return _glued_person(seg, n, taxonomy)
    out: list[Pair] = []
    m = _BRACKETED.match(text)
    if m:
        ok, fld = known(m.group(1), taxonomy)
        if not ok:
            return []
        a, b = _trim(text, m.end(), len(text))
        if b <= a:
            return []  # a label cell: its value is the next cell
        return [Pair(fld, label_key(m.group(1)), seg.start + a, seg.start + b, seg.start, n)]
    colons = [i for i, c in enumerate(text) if c == ":"]
    if not colons:
        return []
    bound = 0
    pending: tuple[str | None, str, int, int] | None = None  # field, label, label start, value start
    for c in colons:
        pre = text[bound:c]
        label_at = None
        if pending is None:
            ok, fld = known(pre, taxonomy)
            if not ok:
                return []
            label_at = bound
        else:
            # a later label: the longest listed label ending at the colon; the text before it is
            # the previous value
            for k in range(min(_MAX_LABEL, len(pre)), 1, -1):
                cand = pre[len(pre) - k :]
                if _exact(cand, taxonomy) and (k == len(pre) or not cand[0].isspace()):
                    label_at = c - k
                    fld = known(cand, taxonomy)[1]
                    break
            if (k := pre.rfind(",")) >= 0 and (label_at is None or bound + k < label_at) and known(pre[k + 1 :].strip(), taxonomy)[0]:
                # `李某,统一社会信用代码/身份证件号码:…`: a label after a comma, read by a word it holds
                label_at = bound + k + 1 + (len(pre[k + 1 :]) - len(pre[k + 1 :].lstrip()))
                fld = known(pre[k + 1 :].strip(), taxonomy)[1]
            if label_at is None or pending[0] == "legal_rep" and _open_bracket(text, pending[3], label_at):
                # a colon inside the value (时间 09:30, 联系人：…); a note on the representative
                # (王某(身份证号码:…,地址:…)) is the person's, not the party's
                continue
            a, b = _trim(text, pending[3], label_at)
            out.append(Pair(pending[0], pending[1], seg.start + a, seg.start + b, seg.start + pending[2], n))
        pending = (fld, label_key(text[label_at:c]), label_at, c + 1)
        bound = c + 1
    if pending is not None:
        a, b = _trim(text, pending[3], len(text))
        out.append(Pair(pending[0], pending[1], seg.start + a, seg.start + b, seg.start + pending[2], n))
    if len(out) == 1 and out[0].end <= out[0].start:
        return []  # `label:` alone: a table cell whose value is the next cell
    return out


_GLUED = re.compile(r"^(?P<label>经营者|法定代表人|负责人|投资人)\s*(?P<v>[\u4e00-\u9fff*]{2,4})$")


_GLUED_PLACE = re.compile(r"^(?P<label>地址|住所|住址|经营场所|经营地址|注册地址)(?P<v>[\u4e00-\u9fff].{3,80})$")


def _glued_person(seg: Seg, n: int, taxonomy: Taxonomy) -> list[Pair]:
    """`经营者林某` on a line of its own, the colon lost: the label and a person's name; or
    `经营场所某某市…`: an address label and a value that starts with a place's name."""
    from normalize.division import division_index
    from normalize.reading.patterns import is_person

    m = _GLUED.match(seg.text.strip())
    if not m:
        m = _GLUED_PLACE.match(seg.text.strip())
        if not m or division_index().place_prefix(m.group("v")) == 0:
            return []
    elif not is_person(m.group("v")):
        return []
    a = seg.text.index(m.group("v"), len(m.group("label")))
    fld = known(m.group("label"), taxonomy)[1]
    return [Pair(fld, m.group("label"), seg.start + a, seg.start + a + len(m.group("v")), seg.start, n)]


def _open_bracket(text: str, a: int, b: int) -> bool:
    """Whether a bracket opened in text[a:b] is still open at b: what follows is a note on the value."""
    part = text[a:b]
    return part.count("(") + part.count("（") > part.count(")") + part.count("）")


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def cell_label(seg: Seg, taxonomy: Taxonomy) -> tuple[bool, str | None]:
    """A segment that is a label and nothing else (a table cell, `[ 发文字号 ]`)."""
    if len(seg.text) > _MAX_LABEL + 6:
        return False, None
    t = seg.text.strip()
    m = _BRACKETED.match(t)
    if m and m.end() == len(t):
        t = m.group(1)
    if ":" in t[:-1]:
        return False, None
    return known(t.rstrip(":"), taxonomy)


_REGEXES: dict[int, re.Pattern[str]] = {}


def label_regex(taxonomy: Taxonomy) -> re.Pattern[str]:
    """Any listed label (mapped or ignored) followed by its colon, longest first."""
    rx = _REGEXES.get(id(taxonomy))
    if rx is None:
        words = sorted({k for k in (*taxonomy.labels, *taxonomy.ignored_labels) if re.search(r"[\u4e00-\u9fff]", k)},
                       key=len, reverse=True)  # fmt: skip
        rx = _REGEXES[id(taxonomy)] = re.compile("(?:" + "|".join(map(re.escape, words)) + r")\s*:")
    return rx
