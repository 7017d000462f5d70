INSERT INTO {table} ({columns})
SELECT {columns} FROM {stage}
ORDER BY _row
