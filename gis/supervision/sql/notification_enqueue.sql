-- One notice per active target of the audiences: an enterprise target only for its own
-- enterprise; a township/park/district target for every enterprise, or for the one it names.
INSERT INTO notifications (target_id, event, payload, next_attempt_at, created_at)
SELECT t.id, $1, $2::text::jsonb, $5, $5
FROM notification_targets t
WHERE t.active
  AND t.audience = ANY($3::text[])
  AND (t.enterprise_id = $4 OR (t.enterprise_id IS NULL AND t.audience <> 'enterprise'))
