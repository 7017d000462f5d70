SELECT id, audience, enterprise_id, channel, address, active, created_at
FROM notification_targets
ORDER BY id
