SELECT e.id, e.at, u.username AS actor, e.from_state, e.to_state, e.note, e.evidence::text AS evidence
FROM ticket_events e
LEFT JOIN users u ON u.id = e.actor_id
WHERE e.ticket_id = $1
ORDER BY e.at, e.id
