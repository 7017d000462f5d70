-- name: audit
SELECT year, score, level, code, next_review FROM production_audits
WHERE enterprise_id = $1 ORDER BY year DESC LIMIT 1

-- name: overdue_tasks
SELECT t.id, o.code AS outfall_code, t.deadline FROM outfall_tasks t JOIN outfalls o ON o.id = t.outfall_id
WHERE t.enterprise_id = $1 AND t.status <> 'accepted' AND t.deadline < $2
ORDER BY t.deadline
