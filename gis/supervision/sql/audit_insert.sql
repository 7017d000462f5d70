INSERT INTO audit_log (id, at, actor, action, entity, entity_id, payload, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9)
