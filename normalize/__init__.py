"""Normalize: landing documents (raw pages, attachments, JSON items) → canonical, validated records.

Flow of one document (normalize.document.read_document):
  bytes → text.decode_bytes (declared charset tried strictly, UTF-8 first, detection last)
        → a layout parser (layouts/html.py: label table, row table, prose via layouts/prose.py;
          layouts/json_item.py: 双公示 and pinyin-key JSON; layouts/attachment.py: xls/xlsx/pdf rows)
        → RawItems (field key → text as printed; labels from config/taxonomy/labels.yaml)
        → fields.build_record: ID numbers masked, hygiene (text.clean), the field rules
          (decision_no, uscc, dates, fines, legal_basis, division, party, taxonomies) → CanonicalRecord
  A missing mandatory field (config/taxonomy/kinds.yaml) raises QuarantineError with the reason.

A whole run: normalize.run.normalize_run(run_id) → data/normalized/<run_id>/{records,quarantine}.parquet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from normalize.document import parse_document, read_document
    from normalize.layouts.base import QuarantineError

__all__ = ["QuarantineError", "parse_document", "read_document"]


def __getattr__(name: str):  # noqa: ANN202 - lazy: importing normalize.record must stay cheap
    if name in ("parse_document", "read_document"):
        from normalize import document

        return getattr(document, name)
    if name == "QuarantineError":
        from normalize.layouts.base import QuarantineError

        return QuarantineError
    raise AttributeError(name)
