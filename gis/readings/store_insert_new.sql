-- The readings of a batch that are new, when some may already be stored: a duplicate is
-- ignored by the key station + parameter + ts, and the rows that went in come back.
INSERT INTO readings (station_id, parameter, ts, value, flag, raw_id)
SELECT *
FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::float8[], $5::text[], $6::bigint[])
ON CONFLICT DO NOTHING
RETURNING station_id, parameter, ts, value, flag, raw_id
