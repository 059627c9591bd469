"""One fetched document (raw bytes) → canonical records, whatever its type, charset and layout."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from greenchain.configfile import ConfigError
from greenchain.ids import sha256_hex
from greenchain.registry import Source, load_registry
from normalize.division import division_index
from normalize.fields import DocContext, build_record
from normalize.layouts.attachment import parse_attachment
from normalize.layouts.base import NoRecordsHere, QuarantineError, RawItem
from normalize.layouts.html import parse_html
from normalize.layouts.json_item import parse_json
from normalize.layouts.plain import parse_text
from normalize.record import CanonicalRecord, DocKind
from normalize.taxonomy import Taxonomy, default_taxonomy
from normalize.text import decode_bytes

log = logging.getLogger("greenchain.normalize")

DOC_TYPES = ("html", "json", "xls", "xlsx", "pdf", "text")
# The registry and the crawl say "key_polluter_list"; the record says "key_polluter_listing".
_KIND_ALIASES = {"key_polluter_list": DocKind.KEY_POLLUTER_LISTING}


def doc_kind_of(kind: str) -> DocKind:
    """The record's DocKind for a landing/registry kind; ValueError names the unknown kind."""
    if kind in _KIND_ALIASES:
        return _KIND_ALIASES[kind]
    try:
        return DocKind(kind)
    except ValueError:
        raise ValueError(f"unknown document kind {kind!r}; expected one of {', '.join(k.value for k in DocKind)}") from None


def sniff_doc_type(raw: bytes, url: str = "", content_type: str | None = None) -> str:
    """Guess a document's type from its first bytes, then its content type and URL suffix."""
    head = raw[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    ct = (content_type or "").lower()
    if "json" in ct or raw.lstrip()[:1] in (b"{", b"["):
        return "json"
    for ext in ("xlsx", "xls", "pdf", "json"):
        if url.lower().split("?")[0].endswith("." + ext):
            return ext
    if "text/plain" in ct or url.lower().split("?")[0].endswith(".txt") or b"<" not in raw[:4096]:
        return "text"
    return "html"


@lru_cache(maxsize=1)
def _registry_sources() -> dict[str, Source]:
    try:
        return load_registry().by_id()
    except (ConfigError, FileNotFoundError) as e:
        log.warning("source registry unavailable, no authority/division fallback: %s", e)
        return {}


def source_for(source_id: str) -> Source | None:
    return _registry_sources().get(source_id)


def preload_reference_data() -> None:
    """Load what every document reads (taxonomy, source registry, division table, the Chinese
    numeral parser) in this process. Called before forking worker processes, which then inherit it
    instead of each loading the registry (~1.5 s) and importing cn2an (~0.3 s) again."""
    taxonomy = default_taxonomy()
    _registry_sources()
    division_index()
    import cn2an  # noqa: F401 - imported on the first fine written in Chinese numerals

    # the document reader's modules compile large character-class patterns on import (~0.3 s):
    # once here, not in the first document of every worker
    from normalize.reading import cell_table, report, template  # noqa: F401
    from normalize.reading.labels import label_regex
    from normalize.reading.patterns import is_person

    label_regex(taxonomy)
    is_person("王某")  # loads the surname list


@dataclass
class DocumentResult:
    """Records read from one document, and the rows (or the whole document) sent to quarantine."""

    records: list[CanonicalRecord] = field(default_factory=list)
    quarantined: list[QuarantineError] = field(default_factory=list)
    no_records: str | None = None  # why a document holds no record by design (an attachment article)


def raw_items(raw: bytes, doc_type: str, declared_encoding: str | None, taxonomy: Taxonomy) -> tuple[list[RawItem], str | None]:
    """Layout parsing only: (raw items, charset warning)."""
    if doc_type in ("xls", "xlsx", "pdf"):
        return parse_attachment(raw, doc_type, taxonomy), None
    decoded = decode_bytes(raw, declared_encoding)
    if doc_type == "json":
        return parse_json(decoded.text, taxonomy), decoded.warning
    if doc_type == "html":
        return parse_html(decoded.text, taxonomy), decoded.warning
    if doc_type == "text":
        return parse_text(decoded.text, taxonomy), decoded.warning
    raise QuarantineError(f"unknown doc_type {doc_type!r}; expected one of {', '.join(DOC_TYPES)}")


def read_document(
    raw: bytes,
    *,
    url: str,
    doc_type: str,
    declared_encoding: str | None,
    source_id: str,
    kind: str | None = None,
    snapshot_sha256: str | None = None,
    fetched_at: datetime | None = None,
    list_date: str | None = None,
    list_title: str | None = None,
    taxonomy: Taxonomy | None = None,
) -> DocumentResult:
    """Every record of one document; row-level and document-level quarantines are collected, not raised."""
    taxonomy = taxonomy or default_taxonomy()
    source = source_for(source_id)
    if kind is None:
        # no registry row and no kind given: the document says what it is, else it is read as a decision
        kind = source.kind.value if source is not None else DocKind.PENALTY_DECISION.value
    ctx = DocContext(
        source_id=source_id,
        url=url,
        snapshot_sha256=snapshot_sha256 or sha256_hex(raw),
        fetched_at=fetched_at or datetime.now(UTC),
        doc_kind=doc_kind_of(kind),
        source=source,
        list_date=list_date,
        list_title=list_title,
    )
    result = DocumentResult()
    try:
        items, decode_warning = raw_items(raw, doc_type, declared_encoding, taxonomy)
    except QuarantineError as e:
        result.quarantined.append(e)
        return result
    except NoRecordsHere as e:
        result.no_records = e.reason
        return result
    if decode_warning:
        ctx = DocContext(**{**ctx.__dict__, "decode_warning": decode_warning})
    for item in items:
        try:
            result.records.append(build_record(item, ctx, taxonomy))
        except QuarantineError as e:
            result.quarantined.append(e)
    return result


def parse_document(
    raw: bytes,
    *,
    url: str,
    doc_type: str,
    declared_encoding: str | None,
    source_id: str,
    kind: str | None = None,
    snapshot_sha256: str | None = None,
    fetched_at: datetime | None = None,
    list_date: str | None = None,
    list_title: str | None = None,
) -> list[CanonicalRecord]:
    """Canonical records of one document. Raises QuarantineError (with the reason) when the document
    yields no record, NoRecordsHere for an article that only links attachments; rows of an attachment
    that fail alone are skipped here (see read_document)."""
    res = read_document(
        raw, url=url, doc_type=doc_type, declared_encoding=declared_encoding, source_id=source_id, kind=kind,
        snapshot_sha256=snapshot_sha256, fetched_at=fetched_at, list_date=list_date, list_title=list_title,
    )  # fmt: skip
    if not res.records and res.quarantined:
        raise res.quarantined[0]
    if res.no_records:
        raise NoRecordsHere(res.no_records)
    return res.records
