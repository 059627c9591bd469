-- Fines were DOUBLE before money became DECIMAL(18,2) yuan (staging.penalty_records).
ALTER TABLE IF EXISTS core.violations ALTER fine_yuan SET DATA TYPE DECIMAL(18, 2);
ALTER TABLE IF EXISTS core.violations
    ALTER fines SET DATA TYPE STRUCT(amount_yuan DECIMAL(18, 2), raw VARCHAR)[];
ALTER TABLE IF EXISTS core.violation_versions ALTER fine_yuan SET DATA TYPE DECIMAL(18, 2);
ALTER TABLE IF EXISTS core.violation_versions
    ALTER fines SET DATA TYPE STRUCT(amount_yuan DECIMAL(18, 2), raw VARCHAR)[];
