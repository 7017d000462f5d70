-- When each station was last heard from; only ever moves forward.
UPDATE stations AS s
SET last_seen = v.seen
FROM unnest($1::int[], $2::timestamptz[]) AS v (id, seen)
WHERE s.id = v.id AND (s.last_seen IS NULL OR s.last_seen < v.seen)
