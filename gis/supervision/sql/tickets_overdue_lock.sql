SELECT id, code, state, enterprise_id, escalation_level, stage_deadline
FROM tickets
WHERE state NOT IN ('closed', 'escalated') AND stage_deadline < $1
ORDER BY stage_deadline
FOR UPDATE SKIP LOCKED
