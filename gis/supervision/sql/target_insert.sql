INSERT INTO notification_targets (audience, enterprise_id, channel, address, secret)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, audience, enterprise_id, channel, address, active, created_at
