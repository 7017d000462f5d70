UPDATE enterprises e
SET health_code = v.code, health_reason = v.reason::jsonb
FROM unnest($1::int[], $2::text[], $3::text[]) AS v(id, code, reason)
WHERE e.id = v.id
