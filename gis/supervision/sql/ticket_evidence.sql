-- The file record with this digest among the ticket's events, when the caller may see the ticket.
SELECT f::text AS file
FROM tickets t
JOIN ticket_events e ON e.ticket_id = t.id
CROSS JOIN LATERAL jsonb_array_elements(coalesce(e.evidence -> 'files', '[]'::jsonb)) AS f
WHERE t.id = $1 AND ($2::int IS NULL OR t.enterprise_id = $2) AND f ->> 'sha256' = $3
LIMIT 1
