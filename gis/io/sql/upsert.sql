INSERT INTO {table} ({columns})
SELECT {columns} FROM {stage}
ORDER BY _row
ON CONFLICT ({key}) DO UPDATE SET {assignments}
