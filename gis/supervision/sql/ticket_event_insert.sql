INSERT INTO ticket_events (ticket_id, at, actor_id, from_state, to_state, note, evidence)
VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)
