"""JSON detail documents from credit-portal style APIs with 双公示 keys (CF_WSH, CF_XDR_MC, …)."""

from __future__ import annotations

import json
import re
from typing import Any

from normalize.layouts.base import QuarantineError, RawItem
from normalize.record import DocKind
from normalize.taxonomy import Taxonomy
from normalize.text import clean

_WRAPPERS = ("data", "result", "record", "item", "detail", "obj", "rows", "list")


def _top_keys(taxonomy: Taxonomy) -> set[str]:
    return {k.split("[]", 1)[0] for k in taxonomy.json_keys}


def _find_records(doc: Any, taxonomy: Taxonomy, top: set[str] | None = None) -> list[dict[str, Any]]:
    """The objects that carry known keys, wherever the API wrapped them."""
    if top is None:
        top = _top_keys(taxonomy)
    if isinstance(doc, dict):
        if any(k in top for k in doc):
            return [doc]
        for w in _WRAPPERS:
            if w in doc:
                found = _find_records(doc[w], taxonomy, top)
                if found:
                    return found
        return []
    if isinstance(doc, list):
        out: list[dict[str, Any]] = []
        for x in doc:
            out.extend(_find_records(x, taxonomy, top))
        return out
    return []


def _as_text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int | float):
        return repr(v) if isinstance(v, float) else str(v)
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)


# A \uD800-\uDFFF escape that is not half of a pair decodes to no character at all, which no
# encoder (OpenCC, sha256 ids, Parquet) accepts: it reads as U+FFFD, like an undecodable byte.
_SURROGATE_ESCAPE = re.compile(r"(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _no_lone_surrogates(text: str) -> str:
    if "\\ud" not in text and "\\uD" not in text:
        return text
    return _SURROGATE_ESCAPE.sub(lambda m: m.group(1) or "\\ufffd", text)


def parse_json(text: str, taxonomy: Taxonomy) -> list[RawItem]:
    """One RawItem per 双公示 object; every key is either mapped, deliberately ignored, or reported."""
    try:
        doc = json.loads(_no_lone_surrogates(text))
        records = _find_records(doc, taxonomy)
    except json.JSONDecodeError as e:
        raise QuarantineError(f"invalid JSON: {e.msg} at line {e.lineno}", parser="json.shuanggongshi") from None
    except RecursionError:  # 100,000 nested brackets in 200 KB: a hostile document, not a record
        raise QuarantineError("JSON nested deeper than the reader's recursion limit", parser="json") from None
    if not records:
        raise QuarantineError("JSON document has no known keys (CF_… or qymc/dwmc…)", parser="json")
    items: list[RawItem] = []
    for n, rec in enumerate(records):
        parser = "json.shuanggongshi" if any(k.startswith("CF_") for k in rec) else "json.keys"
        item = RawItem(parser=parser, row_index=n if len(records) > 1 else None)
        for key, value in rec.items():
            if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
                _read_list(key, value, item, taxonomy)
                continue
            field = taxonomy.json_keys.get(key)
            if field is not None:
                item.put(field, _as_text(value), where=f"json:{key}")
            elif key not in taxonomy.ignored_json_keys:
                item.unknown_labels.append(f"json:{key}")
        if parser == "json.shuanggongshi":
            item.kind = _credit_kind(item)
        items.append(item)
    return items


def _credit_kind(item: RawItem) -> DocKind | None:
    """A 双公示 item of a penalty is a credit record; of an order to correct (its category or its
    number says 责令改正), an order."""
    from normalize.reading.patterns import number_kind

    if "decision_no" not in item.fields:
        return None
    category = item.fields.get("penalty_category", "")
    if "责令改正" in category or number_kind(clean(item.fields["decision_no"])) == DocKind.ORDER_TO_CORRECT:
        return DocKind.ORDER_TO_CORRECT
    return DocKind.CREDIT_RECORD


def _read_list(key: str, value: list[dict[str, Any]], item: RawItem, taxonomy: Taxonomy) -> None:
    """A list of objects (e.g. releases per pollutant): each sub-key `key[].sub` collects its values."""
    subkeys = sorted({sub for obj in value for sub in obj})
    for sub in subkeys:
        path = f"{key}[].{sub}"
        field = taxonomy.json_keys.get(path)
        if field is not None:
            item.put(field, "、".join(t for obj in value if (t := _as_text(obj.get(sub))) is not None), where=f"json:{path}")
        elif path not in taxonomy.ignored_json_keys:
            item.unknown_labels.append(f"json:{path}")
