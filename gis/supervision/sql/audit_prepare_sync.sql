-- audit_prepare.sql with named parameters, for SQLAlchemy connections.
SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id,
       clock_timestamp() AS at,
       (CAST(:payload AS text))::jsonb::text AS payload,
       coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), :genesis) AS prev_hash
