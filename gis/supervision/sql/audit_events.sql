SELECT id, at, actor, action, entity, entity_id, payload::text AS payload, prev_hash, hash
FROM audit_log
WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2) AND ($3::bigint IS NULL OR id < $3)
ORDER BY id DESC
LIMIT $4
