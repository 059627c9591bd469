-- One JSON object per line (JSON Lines); nested columns stay nested.
COPY ({query}) TO {path} (FORMAT json);
