"""The fast paths of the hot field rules give what the plain definitions give (random inputs)."""

import random
import re
import unicodedata

from normalize.taxonomy import _Literals, default_taxonomy
from normalize.text import _EXTRA, _WS, clean, clean_with_offsets, drop_cjk_spaces, to_simplified

RND = random.Random(20261123)


def test_literal_index_finds_exactly_the_literals_in_the_text():
    for _ in range(1500):
        alphabet = RND.choice(["ab", "abc", "a(b*", "超标排放"])
        literals = ["".join(RND.choice(alphabet) for _ in range(RND.randint(0, 4))) for _ in range(RND.randint(1, 10))]
        index = _Literals(literals)
        for _ in range(10):
            text = "".join(RND.choice(alphabet + "x") for _ in range(RND.randint(0, 14)))
            assert index.found(text) == {i for i, s in enumerate(literals) if s in text}, (literals, text)


def _scan(entries, text):  # PhraseMatcher.scan by its definition
    return [code for code, phrases, patterns in entries if any(p in text for p in phrases) or any(r.search(text) for r in patterns)]


def _pollutants(names, text):  # PollutantMatcher.scan by its definition
    out, t = [], text
    for name, code in names:
        if name.isascii():
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9₂])", t):
                out.append(code) if code not in out else None
                t = t.replace(name, " ")
        elif name in t:
            out.append(code) if code not in out else None
            t = t.replace(name, " ")
    return out


def test_taxonomy_scans_match_their_definitions_on_phrase_mixtures():
    tax = default_taxonomy()
    pool = [p for m in (tax.violations, tax.penalty_kinds) for _, ph, _ in m.entries for p in ph]
    pool += [n for n, _ in tax.pollutants.names] + ["的", "X", " ", "COD2", "TPS", "₂", "六价", "价铬"]
    for _ in range(3000):
        text = "".join(RND.choice(pool)[RND.randint(0, 1) :] for _ in range(RND.randint(1, 6)))
        for m in (tax.violations, tax.penalty_kinds):
            assert m.scan(text) == m.resolve(_scan(m.entries, text)), text
        assert tax.pollutants.scan(text) == _pollutants(tax.pollutants.names, text), text


def _offsets_by_char(raw):  # clean_with_offsets by its definition: character by character
    simp = to_simplified(raw)
    if len(simp) != len(raw):
        return None
    chars = [(h, i) for i, c in enumerate(simp) for h in unicodedata.normalize("NFKC", c).translate(_EXTRA)]
    out = []
    for ch, i in chars:
        if _WS.fullmatch(ch):
            if out and out[-1][0] != " ":
                out.append((" ", i))
            continue
        out.append((ch, i))
    while out and out[-1][0] == " ":
        out.pop()
    kept = [
        (ch, i) for k, (ch, i) in enumerate(out)
        if not (ch == " " and 0 < k < len(out) - 1 and re.fullmatch(r"[^\x00-\x7f] [^\x00-\x7f]|[^\x00-\x7f] [0-9A-Za-z]|[0-9A-Za-z] [^\x00-\x7f]", out[k - 1][0] + " " + out[k + 1][0]))
    ]  # fmt: skip
    text = "".join(ch for ch, _ in kept)
    return (text, [i for _, i in kept]) if text == drop_cjk_spaces(clean(raw)) else None


def test_clean_with_offsets_matches_the_character_by_character_alignment():
    alphabet = list("罚款人民币贰拾万元整處罰決定書　 \t\n\u00a0\u200b\ufeff\u2002ＡＢａｂ１２（）：，；Ab01-—～、·㎏⑴¼e\u0301,.()【】")
    for _ in range(5000):
        raw = "".join(RND.choice(alphabet) for _ in range(RND.randint(0, 25)))
        assert clean_with_offsets(raw) == _offsets_by_char(raw), raw
