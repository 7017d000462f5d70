SELECT id, code, name_zh, health_code, (health_reason - 'computed_at')::text AS reason_core
FROM enterprises
WHERE $1::int[] IS NULL OR id = ANY($1)
ORDER BY id
FOR UPDATE
