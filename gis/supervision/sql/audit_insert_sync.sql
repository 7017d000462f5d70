INSERT INTO audit_log (id, at, actor, action, entity, entity_id, payload, prev_hash, hash)
VALUES (:id, :at, :actor, :action, :entity, :entity_id, CAST(:payload AS jsonb), :prev_hash, :hash)
