"""Latin-script text: accents folded, tokens, legal forms (cleanco's list) and common abbreviations.

Real supplier lists drift in exactly these ways from year to year ("Co., Ltd." / "Company Limited" /
"Co Ltd", "Inc." / "Incorporated", upper case, "&" / "and", "D S M N.V." spelled out letter by letter),
so these are what a name is cleaned of before it is compared.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cleanco import prepare_default_terms
from rapidfuzz import fuzz, process

from match.names import _en_tokens  # one English tokenizer for both paths

# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                       "þ": "th", "’": "'", "‘": "'", "`": "'", "（": "(", "）": ")", "，": ",", "．": "."})
_BRACKETED = re.compile(r"\(([^()]*)\)")

# Legal-form tokens cleanco's term list lacks (or spells with punctuation we drop).
_EXTRA_LEGAL = ("co", "ltd", "limited", "company", "corp", "corporation", "inc", "incorporated", "llc", "plc",
                "nv", "bv", "sa", "ag", "gmbh", "srl", "spa", "sarl", "pte", "pvt", "bhd", "sdn", "sti", "tic",
                "as", "ab", "oy", "kk", "jsc", "pt", "tbk", "cv", "lp", "llp", "naamloze vennootschap",
                "besloten vennootschap", "aktiengesellschaft", "joint stock company", "company limited",
                "co ltd", "holding co ltd", "sp z o o", "spolka z o o", "s de rl de cv", "sa de cv")
# Words that say nothing about which firm it is.
STOPWORDS = frozenset({"the", "of", "and", "de", "der", "des", "la", "le", "du", "van", "von", "te", "en", "y", "e",
                       "et", "for", "a"})
# Abbreviations as supplier lists write them → the word they stand for.
ABBREVIATIONS = {
    "intl": "international", "int": "international", "internatl": "international", "mfg": "manufacturing",
    "mfy": "manufactory", "mfr": "manufacturer", "ind": "industrial", "inds": "industries", "indus": "industrial",
    "tech": "technology", "techn": "technology", "elec": "electronics", "electr": "electronics",
    "eng": "engineering", "engg": "engineering", "bros": "brothers", "dev": "development", "grp": "group",
    "hldgs": "holdings", "hldg": "holding", "mgmt": "management", "svcs": "services", "natl": "national",
    "prods": "products", "prod": "products", "chem": "chemical", "pharm": "pharmaceutical", "sci": "science",
    "tex": "textile", "txt": "textile", "gmts": "garments", "gmt": "garment", "apparels": "apparel",
    "exp": "export", "imp": "import", "koninkl": "koninklijke", "kon": "koninklijke",
}


def fold(text: str) -> str:
    """Lower case ASCII where the letters allow (Müller → muller, Bağcılar → bagcilar)."""
    t = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in t if not unicodedata.combining(c)).lower().translate(_FOLD)


def tokens(text: str) -> list[str]:
    """Word tokens of folded text: '&' is 'and', apostrophes and dots close up (Int'l, N.V.), runs of
    single letters are one word spelled out ("D S M" = dsm): match.names' English tokenizer."""
    return _en_tokens(fold(text))


@lru_cache(maxsize=1)
def legal_forms() -> frozenset[tuple[str, ...]]:
    """Legal-form token sequences: cleanco's international list plus the ones above."""
    forms = {tuple(tokens(" ".join(t))) for _, t in prepare_default_terms()}
    forms |= {tuple(f.split()) for f in _EXTRA_LEGAL}
    return frozenset(f for f in forms if f)


@lru_cache(maxsize=1)
def _legal_by_len() -> tuple[tuple[int, ...], frozenset[tuple[str, ...]]]:
    forms = legal_forms()
    return tuple(sorted({len(f) for f in forms}, reverse=True)), forms


@lru_cache(maxsize=1)
def _long_forms() -> dict[int, list[str]]:
    """Legal forms of 10 letters or more, by token count: long enough to be recognized misspelt."""
    out: dict[int, list[str]] = {}
    for f in legal_forms():
        if len("".join(f)) >= 10:
            out.setdefault(len(f), []).append(" ".join(f))
    return out


def _is_form(part: list[str], forms: frozenset[tuple[str, ...]]) -> bool:
    if tuple(part) in forms:
        return True
    # a long form misspelt ("naamlooze vennootschap", "aktiengesellchaft") is still a legal form
    long = _long_forms().get(len(part))
    return bool(long) and len("".join(part)) >= 10 and \
        process.extractOne(" ".join(part), long, scorer=fuzz.ratio, score_cutoff=90) is not None


def strip_legal(toks: list[str]) -> list[str]:
    """Legal forms off both ends, repeatedly ("N.V. Philips", "Akzo Nobel N.V., Inc.", a long form
    misspelt); a name that is nothing but legal words keeps them."""
    lengths, forms = _legal_by_len()
    changed = True
    while changed:
        changed = False
        for n in lengths:
            if len(toks) > n and _is_form(toks[-n:], forms):
                toks, changed = toks[:-n], True
                break
            if len(toks) > n and _is_form(toks[:n], forms):
                toks, changed = toks[n:], True
                break
    return toks


def expand(toks: list[str]) -> list[str]:
    """Abbreviations spelled out (Mfg → manufacturing, Int'l → international)."""
    return [ABBREVIATIONS.get(t, t) for t in toks]


def name_tokens(name: str) -> list[str]:
    """The words that identify a firm: folded, legal forms off, abbreviations spelled out, no stopwords.
    Bracketed words stay (they are often the trade name: "Hon Hai Precision (Foxconn)")."""
    text = _BRACKETED.sub(lambda m: " " + m.group(1) + " ", fold(name))
    toks = expand(strip_legal(tokens(text)))
    kept = [t for t in toks if t not in STOPWORDS]
    return kept or toks


def compact(toks: list[str]) -> str:
    return "".join(toks)
