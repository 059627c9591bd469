INSERT INTO meta.migrations VALUES ($name, now());
