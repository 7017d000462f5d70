-- Which readings of messages that also carried duplicates were stored from that message:
-- a stored row names the raw message it came from.
SELECT k.i
FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::bigint[], $5::int[])
    AS k (station_id, parameter, ts, raw_id, i)
JOIN readings r
    ON r.station_id = k.station_id AND r.parameter = k.parameter AND r.ts = k.ts AND r.raw_id = k.raw_id
