-- Names of the migrations already applied (none in a warehouse that predates meta.migrations).
SELECT name FROM meta.migrations;
