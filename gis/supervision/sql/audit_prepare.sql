-- The next event's id and time, its payload as jsonb stores it, and the hash it chains onto.
-- Run only while holding the append lock (see audit.py).
SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id,
       clock_timestamp() AS at,
       ($1::text)::jsonb::text AS payload,
       coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), $2) AS prev_hash
