DROP VIEW {table}_input;
