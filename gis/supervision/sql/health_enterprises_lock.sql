SELECT id, code, name_zh, health_code
FROM enterprises
WHERE $1::int[] IS NULL OR id = ANY($1)
ORDER BY id
FOR UPDATE
