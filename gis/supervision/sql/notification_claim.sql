-- Claim due notices (SKIP LOCKED: several workers never send one twice); the claim pushes the
-- next attempt past the lease, so a worker that dies mid-send does not lose the notice.
UPDATE notifications n
SET attempts = n.attempts + 1, next_attempt_at = $1::timestamptz + $2::interval
FROM notification_targets t
WHERE t.id = n.target_id
  AND n.id IN (
      SELECT id FROM notifications
      WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
      ORDER BY next_attempt_at, id
      LIMIT $3
      FOR UPDATE SKIP LOCKED
  )
RETURNING n.id, n.event, n.payload::text AS payload, n.attempts, t.channel, t.address, t.secret
