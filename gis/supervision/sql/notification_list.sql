SELECT n.id, n.event, n.status, n.attempts, n.next_attempt_at, n.last_error, n.created_at, n.sent_at, t.audience, t.channel, t.address
FROM notifications n
JOIN notification_targets t ON t.id = n.target_id
WHERE ($1::text IS NULL OR n.status = $1)
ORDER BY n.id DESC
LIMIT $2
