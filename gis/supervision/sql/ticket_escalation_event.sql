INSERT INTO ticket_events (ticket_id, at, from_state, to_state, note, evidence)
VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)
