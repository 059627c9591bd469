"""The one field-rule layer: a layout's RawItem → a validated CanonicalRecord (or a quarantine reason).

Every layout feeds this, so a rule (fines, dates, USCC, taxonomies) is written once. ID-card numbers
of natural persons are masked in every raw value before anything is read or written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from greenchain.ids import stable_id
from greenchain.registry import Source
from normalize.dates import find_rectification_deadline, parse_date
from normalize.decision_no import normalize_decision_no
from normalize.division import Place, division_index
from normalize.fines import fine_from_cell, fine_spans
from normalize.idcard import looks_like_id_number, mask_id_number, mask_id_numbers
from normalize.layouts.base import QuarantineError, RawItem
from normalize.legal_basis import parse_legal_basis
from normalize.party import normalize_party_name, party_type
from normalize.record import CanonicalRecord, DocKind, Fine, UsccStatus
from normalize.taxonomy import KindRule, Taxonomy
from normalize.text import clean, clean_with_offsets, drop_cjk_spaces, raw_span
from normalize.uscc import classify_uscc, normalize_org_code, normalize_reg_no, split_code_cell

# Content fields hashed into content_hash: provenance (url, snapshot, fetch time) is left out so the
# same decision fetched twice hashes the same, while a correction at the source changes the hash.
_PROVENANCE = {"record_id", "source_id", "source_url", "snapshot_sha256", "fetched_at", "content_hash", "parser", "warnings"}
_EMPTY = {"", "-", "/", "无", "空", "暂无", "null", "None"}


@dataclass(frozen=True)
class DocContext:
    """Where a document came from: everything a record needs besides what the page says."""

    source_id: str
    url: str
    snapshot_sha256: str
    fetched_at: datetime
    doc_kind: DocKind
    source: Source | None = None  # registry entry: authority and division fallbacks
    list_date: str | None = None
    list_title: str | None = None
    decode_warning: str | None = None


def _value(fields: dict[str, str], key: str) -> str | None:
    v = fields.get(key)
    if v is None or clean(v) in _EMPTY:
        return None
    return v


# json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str), without building an
# encoder per record.
_HASH_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def _content_hash(record: CanonicalRecord) -> str:
    payload = record.model_dump(mode="json", exclude=_PROVENANCE)
    blob = _HASH_JSON.encode(payload)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _date(fields: dict[str, str], key: str, warnings: list[str]) -> date | None:
    raw = _value(fields, key)
    if raw is None:
        return None
    d = parse_date(clean(raw))
    if d is None:
        warnings.append(f"unparseable {key}: {clean(raw)}")
    return d


def _sum_fines(fines: list[Fine]) -> float | None:
    return round(sum(f.amount_yuan for f in fines), 2) if fines else None


def _fines_as_printed(raw: str | None, content: str | None) -> list[Fine]:
    """Fines found in the clean penalty text, each with its wording as printed (traditional,
    full-width) when the two texts align; the clean wording otherwise."""
    spans = fine_spans(content)
    if not spans or raw is None:
        return [x for _, _, x in spans]
    aligned = clean_with_offsets(raw)
    if aligned is None or aligned[0] != content:
        return [x for _, _, x in spans]
    return [Fine(amount_yuan=x.amount_yuan, raw=raw_span(raw, aligned[1], a, b).strip()) for a, b, x in spans]


def _violation_types(f: dict[str, str], facts: str | None, rule: KindRule, taxonomy: Taxonomy, warnings: list[str]) -> list[str]:
    """The kind's own violation (an exceedance notice), else the printed category (the authority's
    classification), else phrases found in the facts; an unrecognized phrase is a warning."""
    if rule.violation_types is not None:
        return list(rule.violation_types)
    if (cell := _value(f, "violation_type")) is not None:
        codes, unknown = taxonomy.violations.lookup_parts(clean(cell))
        warnings.extend(f"unknown violation type: {u}" for u in unknown)
        if codes:
            return codes
    scan_text = " ".join(x for x in (facts, clean(_value(f, "case_name") or "")) if x)
    codes = taxonomy.violations.scan(scan_text) if scan_text else []
    if not codes and facts:
        warnings.append(f"unknown violation type: (no phrase recognized in facts) {facts[:40]}")
    return codes


def _authority(item: RawItem, f: dict[str, str], ctx: DocContext, warnings: list[str]) -> str | None:
    """The document's authority; else the page's metadata (ContentSource), else the registry's
    authority of the source, each fallback said in a warning (the record always needs one)."""
    authority = clean(_value(f, "authority") or "").replace(" ", "") or None
    if authority is None and item.meta_authority:
        authority = clean(item.meta_authority).replace(" ", "")
        warnings.append("authority from page metadata (ContentSource)")
    elif authority is None and ctx.source is not None:
        authority = ctx.source.authority
        warnings.append("authority not in the document; taken from the source registry")
    return authority


def _codes(f: dict[str, str], warnings: list[str]) -> tuple[str | None, UsccStatus, str | None, str | None]:
    """(uscc, uscc status, reg no, org code). A code cell may hold any of the three, or a natural
    person's ID number (already masked), which is not a USCC."""
    codes: dict[str, str] = {}
    for key in ("uscc", "reg_no", "org_code"):
        if (v := _value(f, key)) is not None:
            if key == "uscc" and looks_like_id_number(clean(v)):
                continue
            cell = split_code_cell(clean(v)) if key == "uscc" else {key: clean(v)}
            for k, val in cell.items():
                codes.setdefault(k, val)
    uscc, status = classify_uscc(codes.get("uscc"))
    if status == UsccStatus.INVALID:
        warnings.append(f"invalid USCC (GB 32100 check failed): {uscc}")
    elif status == UsccStatus.PILOT:
        warnings.append(f"pilot USCC (Fujian, fails the checksum, kept): {uscc}")
    reg_no, w1 = normalize_reg_no(codes.get("reg_no"))
    org_code, w2 = normalize_org_code(codes.get("org_code"))
    warnings.extend(w for w in (w1, w2) if w)
    return uscc, status, reg_no, org_code


def _place(
    address: str | None, location: str, uscc: str | None, status: UsccStatus, ctx: DocContext, warnings: list[str]
) -> Place | None:
    """Where the party is: its address, else a 所在地 cell, else the USCC's registration region,
    else the source's own division; each fallback said in a warning."""
    ix = division_index()
    hint = ctx.source.division_code if ctx.source else None
    place = ix.resolve(address, hint) if address else None
    if place is None and location:
        place = ix.resolve(location, hint)
    if place is not None:
        return place
    why = "address not resolvable" if address else "no address"
    if status in (UsccStatus.VALID, UsccStatus.PILOT) and uscc and uscc[2:8] in ix.by_code:
        # positions 3–8 of a USCC are the registering authority's division: where the party registered
        warnings.append(f"division from the USCC registration region ({why})")
        return ix.place(uscc[2:8])
    if ctx.source is not None:
        warnings.append(f"division from the source registry ({why})")
        return ix.place(ctx.source.division_code)
    return None


def _pollutants(f: dict[str, str], facts: str | None, taxonomy: Taxonomy, warnings: list[str]) -> list[str]:
    """The printed pollutant cell (超标因子), else pollutant names found in the facts."""
    if (cell := _value(f, "pollutant")) is not None:
        codes, unknown = taxonomy.pollutants.lookup_parts(clean(cell))
        warnings.extend(f"unknown pollutant: {u}" for u in unknown)
        if codes:
            return codes
    return taxonomy.pollutants.scan(facts) if facts else []


def _penalties(f: dict[str, str], content: str | None, taxonomy: Taxonomy, warnings: list[str]) -> tuple[list[str], list[Fine]]:
    """(penalty kinds, fines): the category cell and the penalty text together; fines from the text,
    else from the amount cell (罚款金额（万元）); a cell that disagrees with the text is a warning."""
    kinds: list[str] = []
    if (cell := _value(f, "penalty_category")) is not None:
        kinds, unknown = taxonomy.penalty_kinds.lookup_parts(clean(cell))
        warnings.extend(f"unknown penalty kind: {u}" for u in unknown)
    for code in taxonomy.penalty_kinds.scan(content) if content else []:
        if code not in kinds:
            kinds.append(code)
    fines = _fines_as_printed(_value(f, "penalty_content"), content)
    cell_fine = fine_from_cell(_value(f, "fine_wan"), unit="wan") or fine_from_cell(_value(f, "fine_yuan"), unit="yuan")
    if not fines and cell_fine is not None and cell_fine.amount_yuan > 0:
        fines = [cell_fine]
    elif fines and cell_fine is not None and abs(cell_fine.amount_yuan - sum(x.amount_yuan for x in fines)) > 0.5:
        warnings.append(f"fine amount cell {cell_fine.raw} disagrees with the penalty text ({_sum_fines(fines)} yuan)")
    if fines and "fine" not in kinds:
        kinds.append("fine")
    return kinds, fines


def build_record(item: RawItem, ctx: DocContext, taxonomy: Taxonomy) -> CanonicalRecord:
    """Apply every field rule to one RawItem; QuarantineError names the first missing mandatory field."""
    warnings: list[str] = [ctx.decode_warning] if ctx.decode_warning else []
    warnings.extend(f"unknown label: {lab}" for lab in item.unknown_labels)
    warnings.extend(item.warnings)
    # ID numbers of natural persons are masked before any field is read, so no output can carry one.
    f = {k: (mask_id_number(v) if k == "id_no" else mask_id_numbers(v)) for k, v in item.fields.items()}
    rule = taxonomy.kinds[ctx.doc_kind]

    # --- mandatory fields first, so a quarantined page costs little
    authority = _authority(item, f, ctx, warnings)
    party_raw = _value(f, "party_name")
    for key in dict.fromkeys([*rule.mandatory, "party_name", "authority"]):
        if not (authority if key == "authority" else _value(f, key)):
            raise QuarantineError(f"missing mandatory field: {key}", parser=item.parser, row_index=item.row_index)
    decision_date = _date(f, "decision_date", warnings)
    if "decision_date" in rule.mandatory and decision_date is None:
        raise QuarantineError(f"unparseable mandatory field decision_date: {clean(f['decision_date'])}",
                              parser=item.parser, row_index=item.row_index)  # fmt: skip
    assert party_raw is not None and authority is not None  # mandatory for every kind

    decision_no_raw = _value(f, "decision_no")
    decision_no_raw = decision_no_raw.strip() if decision_no_raw else None
    party_name = normalize_party_name(party_raw)
    uscc, uscc_status, reg_no, org_code = _codes(f, warnings)
    ptype, w = party_type(party_name, category=_value(f, "party_category"), uscc=uscc, taxonomy=taxonomy)
    warnings.extend([w] if w else [])
    legal_rep = drop_cjk_spaces(clean(_value(f, "legal_rep") or "")) or None
    address = drop_cjk_spaces(clean(_value(f, "address") or "")) or None
    place = _place(address, clean(_value(f, "location") or "").replace(" ", ""), uscc, uscc_status, ctx, warnings)

    # --- decision content
    facts = drop_cjk_spaces(clean(_value(f, "facts") or "")) or None
    content = drop_cjk_spaces(clean(_value(f, "penalty_content") or "")) or None
    basis_text = drop_cjk_spaces(clean(_value(f, "legal_basis") or ""))
    legal_basis = parse_legal_basis(basis_text)
    if basis_text and not legal_basis:
        warnings.append(f"legal basis without a 《law》: {basis_text[:60]}")
    violation_types = _violation_types(f, facts, rule, taxonomy, warnings)
    pollutants = _pollutants(f, facts, taxonomy, warnings)
    penalty_kinds, fines = _penalties(f, content, taxonomy, warnings)
    deadline = _date(f, "rectification_deadline", warnings)
    if deadline is None and content:
        deadline = find_rectification_deadline(content)
    publish_date = _date(f, "publish_date", warnings)
    if publish_date is None:
        publish_date = parse_date(clean(item.publish_date or "")) or parse_date(ctx.list_date or "")

    # --- identity: raw values only, so cleaning rules can change without moving ids
    doc_key = decision_no_raw if rule.doc_key == "decision_no" and decision_no_raw else ctx.url
    id_parts: list[str | None] = [ctx.source_id, doc_key, party_raw]
    if item.row_index is not None:
        id_parts.append(str(item.row_index))

    rec = {
        "record_id": stable_id("rec", *id_parts),
        "source_id": ctx.source_id,
        "source_url": ctx.url,
        "snapshot_sha256": ctx.snapshot_sha256,
        "row_index": item.row_index,
        "fetched_at": ctx.fetched_at,
        "content_hash": "",
        "parser": item.parser,
        "doc_kind": ctx.doc_kind,
        "title": clean(mask_id_numbers(item.title or ctx.list_title or "")) or None,
        "decision_no_raw": decision_no_raw,
        "decision_no": normalize_decision_no(decision_no_raw),
        "party_name_raw": party_raw.strip(),
        "party_name": party_name,
        "party_type": ptype,
        "uscc": uscc,
        "uscc_status": uscc_status,
        "reg_no": reg_no,
        "org_code": org_code,
        "legal_rep": legal_rep,
        "address": address,
        "province": place.province if place else None,
        "city": place.city if place else None,
        "county": place.county if place else None,
        "division_code": place.division_code if place else None,
        "authority": authority,
        "decision_date": decision_date,
        "publish_date": publish_date,
        "violation_types": violation_types,
        "pollutants": pollutants,
        "legal_basis": legal_basis,
        "penalty_kinds": penalty_kinds,
        "fines": fines,
        "fine_yuan": _sum_fines(fines),
        "rectification_deadline": deadline,
        "facts": facts,
        "warnings": warnings,
    }
    record = CanonicalRecord.model_validate(rec)
    record.content_hash = _content_hash(record)
    return record
