-- Nested columns arrive as JSON text (see warehouse/export.py); timestamps in UTC, ISO 8601.
COPY ({query}) TO {path} (FORMAT csv, HEADER true);
