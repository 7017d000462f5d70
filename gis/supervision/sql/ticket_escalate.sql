UPDATE tickets
SET escalation_level = $2, state = $3, stage_deadline = $4, updated_at = $5
WHERE id = $1
