"""What every layout parser returns: raw field text keyed by field key, before any field rule."""

from __future__ import annotations

from dataclasses import dataclass, field

from normalize.record import DocKind
from normalize.taxonomy import Taxonomy, label_key
from normalize.text import clean


class QuarantineError(ValueError):
    """This document (or row) cannot become a record; the message is the quarantine reason."""

    def __init__(self, reason: str, *, parser: str | None = None, row_index: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.parser = parser
        self.row_index = row_index


class NoRecordsHere(Exception):
    """A document that by design holds no record (an article that only links attachment files,
    which are fetched and parsed as documents of their own). Counted, not quarantined."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class RawItem:
    """One record's raw values, as published (hygiene applied later by the field rules)."""

    parser: str
    fields: dict[str, str] = field(default_factory=dict)
    row_index: int | None = None
    title: str | None = None
    publish_date: str | None = None  # page metadata (PubDate), used when no field gives one
    meta_authority: str | None = None  # page metadata (ContentSource), used when no field gives one
    unknown_labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: DocKind | None = None  # what the document says it is (title, its own number); None: the registry's kind
    # provenance: per field, where its value was read. `spans` index `doc_text` (the page's text as
    # the reader built it); `where` names a place without a span (a JSON key, a cell).
    doc_text: str | None = field(default=None, repr=False)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    inferred: dict[str, str] = field(default_factory=dict)  # field → what it was inferred from
    labels: dict[str, str] = field(default_factory=dict)  # field → the label it was read under
    # the document's text, for facts-free scans: see body_text
    _body: str = field(default="", repr=False)
    _body_raw: str | None = field(default=None, repr=False)

    @property
    def body_text(self) -> str:
        """The document's clean text, for facts-free scans. A layout may hand over the raw text
        (set_raw_body): it is cleaned when first read, since cleaning a whole page costs more than
        reading its record and most records never need it."""
        if self._body_raw is not None:
            self._body, self._body_raw = clean(self._body_raw), None
        return self._body

    @body_text.setter
    def body_text(self, value: str) -> None:
        self._body, self._body_raw = value, None

    def set_raw_body(self, raw: str) -> None:
        self._body, self._body_raw = "", raw

    def put(self, key: str, value: str | None, span: tuple[int, int] | None = None, where: str | None = None) -> None:
        """Set a field; a second different value for the same field is appended (one decision may
        print 处罚结果 across two rows). `span` (in doc_text) or `where` says where it was read."""
        if value is None:
            return
        v = value.strip()
        if not v:
            return
        old = self.fields.get(key)
        if old is None:
            self.fields[key] = v
            if span is not None:
                self.spans[key] = span
            elif where is not None:
                self.where[key] = where
        elif v != old and v not in old:
            self.fields[key] = f"{old}；{v}"
            if span is not None and key in self.spans:
                self.spans[key] = (min(self.spans[key][0], span[0]), max(self.spans[key][1], span[1]))

    def put_labelled(
        self, label: str, value: str, taxonomy: Taxonomy, span: tuple[int, int] | None = None, where: str | None = None
    ) -> bool:
        """Store a labelled value; True when the label is known (mapped or deliberately ignored)."""
        key = taxonomy.field_for_label(label)
        if key is not None:
            self.put(key, value, span=span, where=where)
            self.labels.setdefault(key, label_key(label))
            return True
        if taxonomy.is_ignored_label(label):
            return True
        lk = label_key(label)
        if lk and lk not in self.unknown_labels:
            self.unknown_labels.append(lk)
        return False
