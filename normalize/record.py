"""The canonical record: one published enforcement item, whatever site and layout it came from.

This is the contract between normalize and every later stage (match, warehouse, alerts).
Field names are the warehouse's column names. Add fields at the end; never rename.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DocKind(StrEnum):
    PENALTY_DECISION = "penalty_decision"  # 行政处罚决定书
    ORDER_TO_CORRECT = "order_to_correct"  # 责令改正违法行为决定书
    MONITORING_EXCEEDANCE = "monitoring_exceedance"  # 在线监测超标
    KEY_POLLUTER_LISTING = "key_polluter_listing"  # 环境监管重点单位名录
    ENTERPRISE_DISCLOSURE = "enterprise_disclosure"  # 企业环境信息依法披露


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
    authority: str
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


class QuarantinedPage(BaseModel):
    """A document that could not become a record. Nothing is dropped without one of these."""

    source_id: str
    source_url: str
    snapshot_sha256: str
    row_index: int | None = None
    fetched_at: datetime
    reason: str  # e.g. "missing mandatory field: party_name"
    parser: str | None = None
