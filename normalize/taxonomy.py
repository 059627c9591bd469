"""Taxonomies and label synonyms from config/taxonomy/, validated on load.

Every categorical value read from a page goes through a lookup here; a miss is returned to the
caller as an unknown value (a warning on the record, counted in the run report), never bucketed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from greenchain.configfile import ConfigError, load_yaml_model
from greenchain.paths import CONFIG_DIR
from normalize.record import DocKind, PartyType
from normalize.text import clean

FIELD_KEYS = (
    "decision_no", "case_name", "penalty_category", "violation_type", "facts", "legal_basis", "party_name",
    "party_category", "uscc", "reg_no", "org_code", "id_no", "legal_rep", "address", "penalty_content",
    "fine_wan", "fine_yuan", "decision_date", "publish_date", "authority", "rectification_deadline", "pollutant",
    "location", "violated",
)  # fmt: skip
_SPLIT = re.compile(r"[、,，;；/|\n]+")
_CELL_CACHE = 4096  # distinct category cells remembered per matcher


@lru_cache(maxsize=65536)
def label_key(label: str) -> str:
    """A label as compared: clean, no spaces, no trailing colon."""
    return clean(label).replace(" ", "").rstrip(":：").strip()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LabelsFile(_Strict):
    fields: dict[str, list[str]]
    ignore: list[str] = Field(default_factory=list)
    contains: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("fields", "contains")
    @classmethod
    def _known_keys(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for k in v:
            if k not in FIELD_KEYS:
                raise ValueError(f"unknown field key {k!r}; expected one of {', '.join(FIELD_KEYS)}")
        return v


class JsonKeysFile(_Strict):
    fields: dict[str, str]
    ignore: list[str] = Field(default_factory=list)

    @field_validator("fields")
    @classmethod
    def _known_keys(cls, v: dict[str, str]) -> dict[str, str]:
        for k, f in v.items():
            if f not in FIELD_KEYS:
                raise ValueError(f"{k}: unknown field key {f!r}")
        return v


class PhraseEntry(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    phrases: list[str] = Field(min_length=1)
    patterns: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"bad regex {p!r}: {e}") from None
        return v


class ViolationTypesFile(_Strict):
    types: list[PhraseEntry]


class PenaltyKindsFile(_Strict):
    kinds: list[PhraseEntry]


class PollutantEntry(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    names: list[str] = Field(min_length=1)


class PollutantsFile(_Strict):
    pollutants: list[PollutantEntry]


class NameRule(_Strict):
    type: PartyType
    keywords: list[str] = Field(default_factory=list)
    suffixes: list[str] = Field(default_factory=list)


class PartyTypesFile(_Strict):
    categories: dict[str, list[PartyType]]
    uscc_prefixes: dict[str, PartyType]
    name_rules: list[NameRule]
    surnames: list[str] = Field(default_factory=list)


class KindRule(_Strict):
    mandatory: list[str]
    doc_key: str
    content_any: list[str] = Field(default_factory=list)
    expected: list[str] = Field(default_factory=list)
    violation_types: list[str] | None = None

    @model_validator(mode="after")
    def _fields(self) -> KindRule:
        for f in [*self.mandatory, *self.content_any, *self.expected, self.doc_key]:
            if f not in (*FIELD_KEYS, "url"):
                raise ValueError(f"unknown field {f!r}")
        return self


class KindsFile(_Strict):
    kinds: dict[DocKind, KindRule]


def _unique(entries: list, what: str, path: Path) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.code in seen:
            raise ConfigError(f"{path}: duplicate {what} code {e.code!r}")
        seen.add(e.code)
    for e in entries:
        for x in getattr(e, "excludes", []):
            if x not in seen:
                raise ConfigError(f"{path}: {what} {e.code!r} excludes unknown code {x!r}")


def _any_search(patterns: list[re.Pattern[str]], text: str) -> bool:
    return any(r.search(text) for r in patterns)


def _trie_regex(words: list[str]) -> str:
    """A regex matching, at a position, the longest of `words` that starts there: one character
    test per trie level instead of one substring search per word."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def rx(node: dict) -> str:
        alts = [re.escape(ch) + rx(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # where a word ends, going on is optional and tried first (greedy): the longest word wins
        return f"(?:{body})?" if "" in node else body

    return rx(trie)


class _Literals:
    """Which of a list of literal strings occur in a text (`s in text` for each s), in one regex
    scan: the longest literal starting at each position is found, and every literal that is a
    prefix of it occurs there too."""

    def __init__(self, literals: list[str]) -> None:
        distinct = sorted({s for s in literals if s})
        self._always = frozenset(i for i, s in enumerate(literals) if not s)  # "" is in every text
        self._with_prefixes = {
            w: frozenset(i for i, s in enumerate(literals) if s and w.startswith(s)) for w in distinct
        }
        self._rx = re.compile(_trie_regex(distinct)) if distinct else None

    def found(self, text: str) -> set[int]:
        """Indices of the literals that occur in `text`."""
        out = set(self._always)
        if self._rx is None:
            return out
        search, pos = self._rx.search, 0
        while (m := search(text, pos)) is not None:
            out |= self._with_prefixes[m.group()]
            pos = m.start() + 1
        return out


@dataclass
class PhraseMatcher:
    """Codes found in free text by substring phrases and regex patterns (after hygiene)."""

    entries: list[tuple[str, list[str], list[re.Pattern[str]]]]
    excludes: dict[str, list[str]] = field(default_factory=dict)
    # lookup_parts results by cell: category cells repeat across records (罚款, 警告 …)
    _parts: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict, init=False, repr=False, compare=False)
    # every entry's phrases, and the index of the entry each belongs to
    _phrases: _Literals | None = field(default=None, init=False, repr=False, compare=False)
    _owner: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._phrases = _Literals([p for _, phrases, _ in self.entries for p in phrases])
        self._owner = tuple(i for i, (_, phrases, _) in enumerate(self.entries) for _ in phrases)

    def scan(self, text: str) -> list[str]:
        # Entries with a phrase in the text (one regex scan for all ~200 phrases); an entry
        # without one tries its patterns.
        assert self._phrases is not None
        hit = {self._owner[i] for i in self._phrases.found(text)}
        out = [code for i, (code, _, patterns) in enumerate(self.entries) if i in hit or (patterns and _any_search(patterns, text))]
        return self.resolve(out)

    def resolve(self, codes: list[str]) -> list[str]:
        """Drop codes absorbed by a more specific code also present (config `excludes`)."""
        dropped = {x for c in codes for x in self.excludes.get(c, [])}
        return [c for c in codes if c not in dropped]

    def lookup_parts(self, cell: str) -> tuple[list[str], list[str]]:
        """Codes for each part of a category cell, and the parts that matched nothing."""
        hit = self._parts.get(cell)
        if hit is None:
            if len(self._parts) >= _CELL_CACHE:
                self._parts.clear()
            codes, unknown = self._lookup_parts(cell)
            hit = self._parts[cell] = (tuple(codes), tuple(unknown))
        return list(hit[0]), list(hit[1])  # fresh lists: callers extend them

    def _lookup_parts(self, cell: str) -> tuple[list[str], list[str]]:
        codes: list[str] = []
        unknown: list[str] = []
        for part in filter(None, (p.strip() for p in _SPLIT.split(cell))):
            hit = self.scan(part)
            if not hit:
                unknown.append(part)
            codes.extend(c for c in hit if c not in codes)
        return self.resolve(codes), unknown


@dataclass
class PollutantMatcher:
    names: list[tuple[str, str]]  # (name, code), longest name first
    exact: dict[str, str] = field(default_factory=dict)
    _token_rx: dict[str, re.Pattern[str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _present: _Literals | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A found name is replaced by " ": that cannot make a name without spaces appear, so only
        # the names in the original text need the ordered scan below.
        if all(" " not in n for n, _ in self.names):
            self._present = _Literals([n for n, _ in self.names])

    def _token(self, name: str) -> re.Pattern[str]:
        rx = self._token_rx.get(name)
        if rx is None:
            rx = self._token_rx[name] = re.compile(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9₂])")
        return rx

    def scan(self, text: str) -> list[str]:
        out: list[str] = []
        t = text
        names = self.names
        if self._present is not None:
            found = self._present.found(text)
            names = [x for i, x in enumerate(names) if i in found]
        for name, code in names:
            # ASCII abbreviations (COD, SS, TP) only as whole tokens, so "TPS" or "CO2" do not count.
            if name.isascii():
                if name in t and self._token(name).search(t):
                    out.append(code) if code not in out else None
                    t = t.replace(name, " ")
            elif name in t:
                if code not in out:
                    out.append(code)
                t = t.replace(name, " ")  # 六价铬 consumed so 铬 does not also count
        return out

    def lookup_parts(self, cell: str) -> tuple[list[str], list[str]]:
        codes: list[str] = []
        unknown: list[str] = []
        for part in filter(None, (p.strip() for p in _SPLIT.split(cell))):
            key = part.split("(")[0].strip() if part not in self.exact else part
            code = self.exact.get(part) or self.exact.get(key)
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        return codes, unknown


@dataclass
class Taxonomy:
    labels: dict[str, str]  # label_key → field key
    ignored_labels: set[str]
    json_keys: dict[str, str]
    ignored_json_keys: set[str]
    violations: PhraseMatcher
    penalty_kinds: PhraseMatcher
    pollutants: PollutantMatcher
    party: PartyTypesFile
    kinds: dict[DocKind, KindRule]
    label_words: list[tuple[str, str]] = field(default_factory=list)  # (word, field key): labels.yaml `contains`

    @property
    def surnames(self) -> list[str]:
        return self.party.surnames

    def field_for_label(self, label: str) -> str | None:
        """The field of a printed label: listed exactly, else by the earliest `contains` word in it
        (an ignored label is None)."""
        key = label_key(label)
        hit = self.labels.get(key)
        if hit is not None or key in self.ignored_labels:
            return hit
        return self._by_word(key)

    def _by_word(self, key: str) -> str | None:
        best: tuple[int, str] | None = None
        for word, fld in self.label_words:
            i = key.find(word)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, fld)
        return best[1] if best else None

    def is_ignored_label(self, label: str) -> bool:
        return label_key(label) in self.ignored_labels


def _phrases(entries: list[PhraseEntry]) -> PhraseMatcher:
    return PhraseMatcher(
        [(e.code, [clean(p) for p in [e.name, *e.phrases]], [re.compile(p) for p in e.patterns]) for e in entries],
        {e.code: e.excludes for e in entries if e.excludes},
    )


def load_taxonomy(config_dir: Path | None = None) -> Taxonomy:
    """Load and validate every file in config/taxonomy/; ConfigError names file, line and key."""
    d = (config_dir or CONFIG_DIR) / "taxonomy"
    labels = load_yaml_model(d / "labels.yaml", LabelsFile)
    label_map: dict[str, str] = {}
    for key, syns in labels.fields.items():
        for s in syns:
            k = label_key(s)
            if label_map.get(k, key) != key:
                raise ConfigError(f"{d / 'labels.yaml'}: label {s!r} is listed under {label_map[k]!r} and {key!r}")
            label_map[k] = key
    jk = load_yaml_model(d / "json_keys.yaml", JsonKeysFile)
    vt = load_yaml_model(d / "violation_types.yaml", ViolationTypesFile)
    _unique(vt.types, "violation type", d / "violation_types.yaml")
    pk = load_yaml_model(d / "penalty_kinds.yaml", PenaltyKindsFile)
    _unique(pk.kinds, "penalty kind", d / "penalty_kinds.yaml")
    pol = load_yaml_model(d / "pollutants.yaml", PollutantsFile)
    _unique(pol.pollutants, "pollutant", d / "pollutants.yaml")
    names = sorted(((clean(n), p.code) for p in pol.pollutants for n in p.names), key=lambda x: -len(x[0]))
    exact = {n: c for n, c in names} | {n.lower(): c for n, c in names}
    return Taxonomy(
        labels=label_map,
        ignored_labels={label_key(x) for x in labels.ignore},
        json_keys=jk.fields,
        ignored_json_keys=set(jk.ignore),
        violations=_phrases(vt.types),
        penalty_kinds=_phrases(pk.kinds),
        pollutants=PollutantMatcher(names, exact),
        party=load_yaml_model(d / "party_types.yaml", PartyTypesFile),
        kinds=_kinds(d / "kinds.yaml", {e.code for e in vt.types}),
        label_words=[(label_key(w), k) for k, words in labels.contains.items() for w in words],
    )


def _kinds(path: Path, violation_codes: set[str]) -> dict[DocKind, KindRule]:
    kinds = load_yaml_model(path, KindsFile).kinds
    missing = [k.value for k in DocKind if k not in kinds]
    if missing:
        raise ConfigError(f"{path}: no rule for document kind(s) {', '.join(missing)}")
    for kind, rule in kinds.items():
        for code in rule.violation_types or []:
            if code not in violation_codes:
                raise ConfigError(f"{path}: kind {kind.value!r} states unknown violation type {code!r}")
    return kinds


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()
