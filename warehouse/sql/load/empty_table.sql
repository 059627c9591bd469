DELETE FROM {table};
