-- Set this load's input view {table} aside while its table is declared again.
ALTER VIEW {table} RENAME TO {name}_input;
