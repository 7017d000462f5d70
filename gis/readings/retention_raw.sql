-- One chunk of raw messages received before $1; deleted in chunks so no lock is held long.
DELETE FROM raw_messages
WHERE id IN (SELECT id FROM raw_messages WHERE received_at < $1 LIMIT $2)
