"""Normalize: landing documents (raw pages, attachments, JSON items) → canonical, validated records."""

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
