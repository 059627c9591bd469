"""Parsers per page layout. Each turns one decoded document into RawItems (label → raw text),
which the one field-rule layer (normalize.fields) turns into canonical records."""
