-- Series whose last $3 judged values lie within $4 of each other and span at least $5.
SELECT s.station_id, s.parameter, x.n, x.lo AS value, x.first_ts, x.last_ts
FROM unnest($1::int[], $2::text[]) AS s(station_id, parameter)
CROSS JOIN LATERAL (
    SELECT count(*) AS n, min(value) AS lo, max(value) AS hi, min(ts) AS first_ts, max(ts) AS last_ts
    FROM (
        SELECT r.ts, r.value FROM readings r
        WHERE r.station_id = s.station_id AND r.parameter = s.parameter AND r.value IS NOT NULL
          -- parkmap_suppressed, its marks looked up only at stations ($6) that have any
          AND NOT (r.flag = ANY($7::text[])
                   OR (r.station_id = ANY($6::int[]) AND parkmap_suppressed(r.station_id, r.parameter, r.ts, r.flag)))
        ORDER BY r.ts DESC
        LIMIT $3
    ) latest
) x
WHERE x.n >= $3 AND x.hi - x.lo <= $4 AND x.last_ts - x.first_ts >= $5
