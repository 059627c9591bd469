"""The canonical record: one published enforcement item, whatever site and layout it came from.

This is the contract between normalize and every later stage (match, warehouse, alerts).
Field names are the warehouse's column names. Add fields at the end; never rename.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DocKind(StrEnum):
    """What the document is, read from the document itself (title, its own number, how it refers
    to itself), else the source's registry kind. Only some kinds are violations: the warehouse
    loads those listed in config/warehouse.yaml `violation_kinds`."""

    PENALTY_DECISION = "penalty_decision"  # 行政处罚决定书 (also each row of a penalty table)
    ORDER_TO_CORRECT = "order_to_correct"  # 责令改正违法行为决定书
    MONITORING_EXCEEDANCE = "monitoring_exceedance"  # 在线监测超标
    KEY_POLLUTER_LISTING = "key_polluter_listing"  # 环境监管重点单位名录
    ENTERPRISE_DISCLOSURE = "enterprise_disclosure"  # 企业环境信息依法披露
    PRIOR_NOTICE = "prior_notice"  # 行政处罚事先(听证)告知书: proposed, not decided; never a violation
    NO_PENALTY_DECISION = "no_penalty_decision"  # 不予行政处罚决定书: decided not to penalize
    PAYMENT_REMINDER = "payment_reminder"  # 催告书: reminds of an earlier decision's unpaid fine
    CREDIT_RECORD = "credit_record"  # 双公示 credit-portal record of a penalty decision
    PENALTY_REPORT = "penalty_report"  # a news item or announcement reporting a penalty
    # 查封（扣押）决定书, 解除查封决定书, 先行登记保存证据通知书: a coercive measure during a case,
    # not a penalty (行政强制法); never a violation
    ENFORCEMENT_MEASURE = "enforcement_measure"


class PartyType(StrEnum):
    COMPANY = "company"
    SOLE_PROPRIETOR = "sole_proprietor"  # 个体工商户
    INDIVIDUAL = "individual"  # natural person: ID numbers are masked downstream
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位, hospitals, schools


class UsccStatus(StrEnum):
    VALID = "valid"
    PILOT = "pilot"  # early Fujian/Xiamen pilot codes: legal, fail the checksum; flagged, kept
    INVALID = "invalid"  # kept raw, flagged
    MASKED = "masked"  # published with **** — kept masked, never invented
    ABSENT = "absent"


class Fine(BaseModel):
    amount_yuan: float = Field(ge=0)
    raw: str


class Evidence(BaseModel):
    """Where a value was read: the text as printed and its character span in the document's text
    (html and text documents: the page text the reader built; JSON: the key; attachments: row and
    column). `inferred_from` is set for a value the document does not state (registry, page metadata)."""

    field: str
    text: str
    start: int | None = None
    end: int | None = None
    where: str | None = None  # e.g. "text", "json:CF_WSH", "row 3 col 5", "page metadata", "registry"
    inferred_from: str | None = None


class LegalBasis(BaseModel):
    law: str  # 《中华人民共和国大气污染防治法》
    article: str | None = None  # 第九十九条第二项


class CanonicalRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # identity and provenance
    record_id: str  # stable_id("rec", source_id, decision_no_raw or doc key, party_name_raw)
    source_id: str
    source_url: str
    snapshot_sha256: str  # raw bytes in the snapshot store
    row_index: int | None = None  # row within an attachment; None for one-record pages
    fetched_at: datetime
    content_hash: str  # hash of the normalized content: a change at the source = a new version
    parser: str  # which layout rule read it, e.g. "html.label_table"

    doc_kind: DocKind
    title: str | None = None
    decision_no_raw: str | None = None
    decision_no: str | None = None  # normalized: 〔〕 brackets, half-width digits, no spaces

    # the party
    party_name_raw: str
    party_name: str  # simplified, half-width, trimmed; company form kept
    party_type: PartyType
    uscc: str | None = None  # 18 chars, or raw when invalid, masked as published
    uscc_status: UsccStatus = UsccStatus.ABSENT
    reg_no: str | None = None  # older 15-digit business registration number
    org_code: str | None = None  # older 9-char organization code
    legal_rep: str | None = None
    address: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    division_code: str | None = None  # GB/T 2260 code of the party's location (or the authority's)

    # the decision
    authority: str | None = None  # None (flagged) when the document does not name it
    decision_date: date | None = None
    publish_date: date | None = None
    violation_types: list[str] = Field(default_factory=list)  # codes from config/taxonomy/violation_types.yaml
    pollutants: list[str] = Field(default_factory=list)  # codes from config/taxonomy/pollutants.yaml
    legal_basis: list[LegalBasis] = Field(default_factory=list)
    penalty_kinds: list[str] = Field(default_factory=list)  # codes from config/taxonomy/penalty_kinds.yaml
    fines: list[Fine] = Field(default_factory=list)
    fine_yuan: float | None = None  # sum of fines; None when no fine
    rectification_deadline: date | None = None
    facts: str | None = None
    warnings: list[str] = Field(default_factory=list)  # e.g. "unknown violation phrase: ..."
    # --- added with document reading (#15)
    laws_violated: list[str] = Field(default_factory=list)  # laws named after 违反, without 《》
    penalty_basis_law: str | None = None  # the main law the penalty rests on (after 依据)
    proposed_fine_yuan: float | None = None  # a prior notice's proposed fine (拟…罚款): not imposed
    fines_on_persons: list[Fine] = Field(default_factory=list)  # 双罚制: on the responsible person, not in fine_yuan
    confiscated_yuan: float | None = None  # 没收违法所得: not a fine
    flags: list[str] = Field(default_factory=list)  # data quality: "authority:missing", "authority:inferred", …
    evidence: list[Evidence] = Field(default_factory=list)  # per field: the printed text and its span


class QuarantinedPage(BaseModel):
    """A document that could not become a record. Nothing is dropped without one of these."""

    source_id: str
    source_url: str
    snapshot_sha256: str
    row_index: int | None = None
    fetched_at: datetime
    reason: str  # e.g. "missing mandatory field: party_name"
    parser: str | None = None
