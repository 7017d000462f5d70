SELECT id, at, actor, action, entity, entity_id, payload::text AS payload, prev_hash, hash
FROM audit_log
ORDER BY id
