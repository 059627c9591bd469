"""The one field-rule layer: a layout's RawItem → a validated CanonicalRecord (or a quarantine reason).

Every layout feeds this, so a rule (fines, dates, USCC, taxonomies) is written once. ID-card numbers
of natural persons are masked in every raw value before anything is read or written.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from greenchain.ids import stable_id
from greenchain.registry import Source
from normalize.dates import find_rectification_deadline, parse_date
from normalize.decision_no import normalize_decision_no
from normalize.division import Place, division_index
from normalize.fines import cn_amount, fine_from_cell, fine_spans
from normalize.idcard import looks_like_id_number, mask_id_number, mask_id_numbers
from normalize.layouts.base import QuarantineError, RawItem
from normalize.legal_basis import law_names, main_law, parse_legal_basis, resolve_back_reference
from normalize.party import normalize_party_name, party_type
from normalize.record import CanonicalRecord, DocKind, Fine, UsccStatus
from normalize.taxonomy import KindRule, Taxonomy
from normalize.text import clean, clean_with_offsets, drop_cjk_spaces, is_masked, raw_span
from normalize.uscc import classify_uscc, normalize_org_code, normalize_reg_no, split_code_cell

# Content fields hashed into content_hash: provenance (url, snapshot, fetch time) is left out so the
# same decision fetched twice hashes the same, while a correction at the source changes the hash.
_PROVENANCE = {"record_id", "source_id", "source_url", "snapshot_sha256", "fetched_at", "content_hash", "parser", "warnings",
               "evidence", "flags"}
_EMPTY = {"", "-", "/", "无", "空", "暂无", "null", "None"}


@dataclass(frozen=True)
class DocContext:
    """Where a document came from: everything a record needs besides what the page says."""

    source_id: str
    url: str
    snapshot_sha256: str
    fetched_at: datetime
    doc_kind: DocKind  # the registry's (or the caller's) kind; the document's own kind wins
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


def _authority(item: RawItem, f: dict[str, str], ctx: DocContext, warnings: list[str]) -> tuple[str | None, str | None]:
    """(authority, what it was inferred from): the document's; else the page's metadata
    (ContentSource), else the registry's authority of the source, each marked inferred; None when
    nothing names it."""
    authority = clean(_value(f, "authority") or "").replace(" ", "") or None
    if authority is not None:
        return authority, item.inferred.get("authority")
    if item.meta_authority:
        warnings.append("authority from page metadata (ContentSource)")
        return clean(item.meta_authority).replace(" ", ""), "page metadata"
    if ctx.source is not None:
        warnings.append("authority not in the document; taken from the source registry")
        return ctx.source.authority, "source registry"
    return None, None


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


_PERSON_FINE = re.compile(r"(?:直接负责的主管人员|其他直接责任人员|直接责任人员|法定代表人|主要负责人|负责人)[^;；。]{0,20}$")
_CN_AMOUNT = "零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟"
_CONFISCATED = re.compile(
    rf"没收(?:违法所得|非法财物)[^;；。0-9{_CN_AMOUNT}]{{0,8}}(?:(?P<amt>\d[\d,]*(?:\.\d+)?)\s*(?P<wan>万)?|(?P<cn>[{_CN_AMOUNT}]+))元"
)


def _penalties(
    f: dict[str, str], content: str | None, taxonomy: Taxonomy, warnings: list[str]
) -> tuple[list[str], list[Fine], list[Fine]]:
    """(penalty kinds, fines on the party, fines on responsible persons): the category cell and the
    penalty text together; fines from the text, else from the amount cell (罚款金额（万元）); a cell
    that disagrees with the text is a warning. Under the 双罚制 a fine on 直接负责的主管人员 is the
    person's, not the party's."""
    kinds: list[str] = []
    if (cell := _value(f, "penalty_category")) is not None:
        kinds, unknown = taxonomy.penalty_kinds.lookup_parts(clean(cell))
        warnings.extend(f"unknown penalty kind: {u}" for u in unknown)
    for code in taxonomy.penalty_kinds.scan(content) if content else []:
        if code not in kinds:
            kinds.append(code)
    printed = _fines_as_printed(_value(f, "penalty_content"), content)
    fines: list[Fine] = []
    on_persons: list[Fine] = []
    for fine, (start, _) in zip(printed, _fine_starts(content), strict=False):
        clause = re.split(r"[;；。]", content[:start])[-1] if content else ""
        (on_persons if _PERSON_FINE.search(clause) else fines).append(fine)
    cell_fine = fine_from_cell(_value(f, "fine_wan"), unit="wan") or fine_from_cell(_value(f, "fine_yuan"), unit="yuan")
    total = [*fines, *on_persons]
    if not total and cell_fine is not None and cell_fine.amount_yuan > 0:
        fines = [cell_fine]
    elif total and cell_fine is not None and abs(cell_fine.amount_yuan - sum(x.amount_yuan for x in total)) > 0.5 \
            and abs(cell_fine.amount_yuan - sum(x.amount_yuan for x in fines)) > 0.5:
        warnings.append(f"fine amount cell {cell_fine.raw} disagrees with the penalty text ({_sum_fines(total)} yuan)")
    if (fines or on_persons) and "fine" not in kinds:
        kinds.append("fine")
    return kinds, fines, on_persons


def _fine_starts(content: str | None) -> list[tuple[int, int]]:
    return [(a, b) for a, b, _ in fine_spans(content)]


def _confiscated(content: str | None) -> float | None:
    m = _CONFISCATED.search(content or "")
    if not m:
        return None
    if m.group("cn"):  # 没收违法所得人民币捌仟元整
        try:
            return round(float(cn_amount(m.group("cn"))), 2)
        except ValueError:
            return None
    return round(float(m.group("amt").replace(",", "")) * (10000 if m.group("wan") else 1), 2)


# Values a spam injection replaced or wrapped (365bet…, PP电子app下载): no Chinese name, address or
# authority holds a run of Latin letters this long.
# authority holds a run of Latin letters this long. A run of X alone is a mask (滑县XXXX), not spam.
_SPAM = re.compile(r"[A-Za-z]{4,}|\d+[A-Za-z]{3,}")
_X_MASK = re.compile(r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])")


def _spam(value: str | None) -> bool:
    return bool(value) and _SPAM.search(_X_MASK.sub("", value)) is not None


_FIELD_OF = {"decision_no": "decision_no_raw", "party_name": "party_name_raw"}


def _evidence(item: RawItem, inferred: dict[str, str]) -> list[dict[str, object]]:
    """Where each value was read: its printed text and span, or its place (key, cell). Plain dicts:
    the record validates them with everything else, in one pass."""
    out: list[dict[str, object]] = []
    text = item.doc_text
    for key, value in item.fields.items():
        span = item.spans.get(key)
        printed = text[span[0] : span[1]] if span is not None and text is not None else value
        # evidence is output too: a natural person's ID number is masked in it like everywhere
        printed = mask_id_number(printed) if key == "id_no" else mask_id_numbers(printed)
        if span is not None and text is not None:
            out.append({"field": _FIELD_OF.get(key, key), "text": printed, "start": span[0], "end": span[1], "where": "text"})
        else:
            out.append({"field": _FIELD_OF.get(key, key), "text": printed, "where": item.where.get(key)})
    for key, src in inferred.items():
        out.append({"field": key, "text": "", "where": src, "inferred_from": src})
    return out


def record_kind(item: RawItem, ctx: DocContext) -> DocKind:
    """The document's own kind where it states one, else the registry's."""
    return item.kind or ctx.doc_kind


def build_record(item: RawItem, ctx: DocContext, taxonomy: Taxonomy) -> CanonicalRecord:
    """Apply every field rule to one RawItem. QuarantineError when it cannot identify a record (no
    party, no decision content); what the page does not state stays null and is flagged."""
    warnings: list[str] = [ctx.decode_warning] if ctx.decode_warning else []
    warnings.extend(f"unknown label: {lab}" for lab in item.unknown_labels)
    warnings.extend(item.warnings)
    flags: list[str] = []
    # ID numbers of natural persons are masked before any field is read, so no output can carry one.
    f = {k: (mask_id_number(v) if k == "id_no" else mask_id_numbers(v)) for k, v in item.fields.items()}
    for key in ("party_name", "address", "authority", "legal_rep"):
        if _spam(f.get(key)):
            flags.append(f"{key}:dropped (spam in the printed value)")
            f.pop(key)
            item.fields.pop(key, None)
            item.spans.pop(key, None)
    kind = record_kind(item, ctx)
    rule = taxonomy.kinds[kind]

    # --- can it identify a record at all?
    party_raw = _value(f, "party_name")
    for key in rule.mandatory:
        if not _value(f, key):
            raise QuarantineError(f"missing mandatory field: {key}", parser=item.parser, row_index=item.row_index)
    if rule.content_any and not any(_value(f, k) for k in rule.content_any):
        raise QuarantineError("no decision content (no number, facts, provisions or penalty)", parser=item.parser,
                              row_index=item.row_index)  # fmt: skip
    assert party_raw is not None

    authority, authority_from = _authority(item, f, ctx, warnings)
    inferred = {"authority": authority_from} if authority_from else {}
    decision_date = _date(f, "decision_date", warnings)
    decision_no_raw = _value(f, "decision_no")
    decision_no_raw = decision_no_raw.strip() if decision_no_raw else None
    present = {"decision_no": decision_no_raw, "authority": authority, "decision_date": decision_date}
    for key in rule.expected:
        if present.get(key, _value(f, key)) is None:
            flags.append(f"{key}:missing")
    if authority_from:
        flags.append(f"authority:inferred from {authority_from}")

    party_name = normalize_party_name(party_raw)
    uscc, uscc_status, reg_no, org_code = _codes(f, warnings)
    category = _value(f, "party_category")
    if category is None and _value(f, "id_no") and uscc is None and reg_no is None:
        category = "自然人"  # identified by an ID card, not a registration: a natural person
    ptype, w = party_type(party_name, category=category, uscc=uscc, taxonomy=taxonomy)
    warnings.extend([w] if w else [])
    if is_masked(party_raw):
        flags.append("party_name:masked")
    if uscc_status == UsccStatus.MASKED:
        flags.append("uscc:masked")
    legal_rep = drop_cjk_spaces(clean(_value(f, "legal_rep") or "")) or None
    address = drop_cjk_spaces(clean(_value(f, "address") or "")) or None
    place = _place(address, clean(_value(f, "location") or "").replace(" ", ""), uscc, uscc_status, ctx, warnings)

    # --- decision content
    facts = drop_cjk_spaces(clean(_value(f, "facts") or "")) or None
    content = drop_cjk_spaces(clean(_value(f, "penalty_content") or "")) or None
    violated_text = drop_cjk_spaces(clean(_value(f, "violated") or ""))
    if not violated_text and facts and "违反" in facts:
        violated_text = facts[facts.index("违反") :]
    if not violated_text and "违反" in (vtype := clean(_value(f, "violation_type") or "")):
        violated_text = vtype[vtype.index("违反") :]  # 违法行为类型：违反《…》 (双公示 records)
    basis_text = resolve_back_reference(drop_cjk_spaces(clean(_value(f, "legal_basis") or "")), violated_text)
    legal_basis = parse_legal_basis(basis_text)
    if basis_text and not legal_basis:
        warnings.append(f"legal basis without a 《law》: {basis_text[:60]}")
    violation_types = _violation_types(f, facts, rule, taxonomy, warnings)
    pollutants = _pollutants(f, facts, taxonomy, warnings)
    penalty_kinds, fines, on_persons = _penalties(f, content, taxonomy, warnings)
    proposed = None
    if kind == DocKind.PRIOR_NOTICE:
        # proposed, not decided: a notice's fine is never a fine
        proposed = _sum_fines([*fines, *on_persons])
        fines, on_persons = [], []
    elif kind in (DocKind.PAYMENT_REMINDER, DocKind.ENFORCEMENT_MEASURE):
        # a reminder restates the fine of the decision it cites; a seizure decides no penalty
        fines, on_persons, penalty_kinds = [], [], []
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
        "doc_kind": kind,
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
        "laws_violated": law_names(violated_text),
        "penalty_basis_law": main_law(basis_text),
        "proposed_fine_yuan": proposed,
        "fines_on_persons": on_persons,
        "confiscated_yuan": _confiscated(content),
        "flags": flags,
        "evidence": _evidence(item, inferred),
    }
    record = CanonicalRecord.model_validate(rec)
    record.content_hash = _content_hash(record)
    return record
