SELECT {columns}
FROM {table} AS t
{joins}
ORDER BY t.id
