SELECT id AS enterprise_id, code, name_zh, name_en, health_code, (health_reason ->> 'score')::float AS score
FROM enterprises
WHERE $1::int IS NULL OR id = $1
ORDER BY code
