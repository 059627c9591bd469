-- Rewrite a warehouse in the pinned storage format (older DuckDB readers can open it).
ATTACH {old} AS old_format (READ_ONLY);
ATTACH {new} AS new_format (STORAGE_VERSION {version});
COPY FROM DATABASE old_format TO new_format;
DETACH new_format;
DETACH old_format;
