UPDATE notification_targets
SET active = $2
WHERE id = $1
RETURNING id, audience, enterprise_id, channel, address, active, created_at
