UPDATE limits
SET value = $2, unit = $3, standard = $4, clause = $5, note = $6, updated_at = now()
WHERE id = $1
