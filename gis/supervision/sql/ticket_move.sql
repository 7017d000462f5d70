UPDATE tickets
SET state = $2, stage_deadline = $3, updated_at = $4, assignee_id = coalesce($5, assignee_id)
WHERE id = $1
