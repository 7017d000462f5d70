-- name: enterprise
SELECT id, code, name_zh, name_en, industry
FROM enterprises
WHERE id = $1 AND ($2::int IS NULL OR id = $2)

-- name: stored
SELECT indicators::text AS indicators, system_code FROM production_audits WHERE enterprise_id = $1 AND year = $2

-- name: upsert
INSERT INTO production_audits (enterprise_id, year, indicators, score, level, code, system_code, result,
                               updated_at, next_review)
VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8::text::jsonb, $9, $10)
ON CONFLICT (enterprise_id, year) DO UPDATE
SET indicators = EXCLUDED.indicators, score = EXCLUDED.score, level = EXCLUDED.level, code = EXCLUDED.code,
    system_code = EXCLUDED.system_code, result = EXCLUDED.result, updated_at = EXCLUDED.updated_at,
    next_review = EXCLUDED.next_review
RETURNING id

-- name: audits
-- Audits, newest year first; one enterprise's when $1 is set.
SELECT a.id, a.enterprise_id, e.code AS enterprise_code, e.name_zh AS enterprise_name_zh,
       e.name_en AS enterprise_name_en, e.industry, a.year, a.system_code, a.score, a.level, a.code,
       a.updated_at, a.next_review, a.indicators::text AS indicators, a.result::text AS result
FROM production_audits a
JOIN enterprises e ON e.id = a.enterprise_id
WHERE ($1::int IS NULL OR a.enterprise_id = $1)
  AND ($2::int IS NULL OR a.id = $2)
  AND ($3::int IS NULL OR a.year = $3)
  AND ($4::text IS NULL OR a.system_code = $4)
ORDER BY a.year DESC, a.score DESC NULLS LAST, e.code
LIMIT $5
