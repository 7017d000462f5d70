SELECT id, code, name_zh, name_en, health_code, health_reason::text AS reason
FROM enterprises
WHERE id = $1 AND ($2::int IS NULL OR id = $2)
