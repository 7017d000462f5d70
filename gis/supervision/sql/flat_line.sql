-- Series whose last $5 judged values up to the batch's newest judged one ($3) lie within $6 of
-- each other and span at least $7.  $4 is a time from which to the newest the batch holds two
-- judged values that differ (null when it holds none): while no more than $5 readings lie
-- from it to the newest, both are among the last $5 and the series is not flat, so its
-- window is never read.
SELECT s.station_id, s.parameter, x.n, x.lo AS value, x.first_ts, x.last_ts
FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[])
    AS s(station_id, parameter, newest, differing)
CROSS JOIN LATERAL (
    SELECT count(*) AS n, min(value) AS lo, max(value) AS hi, min(ts) AS first_ts, max(ts) AS last_ts
    FROM (
        SELECT r.ts, r.value FROM readings r
        WHERE r.station_id = s.station_id AND r.parameter = s.parameter AND r.ts <= s.newest
          AND r.value IS NOT NULL
          -- parkmap_suppressed, its marks looked up only at stations ($8) that have any
          AND NOT (r.flag = ANY($9::text[])
                   OR (r.station_id = ANY($8::int[]) AND parkmap_suppressed(r.station_id, r.parameter, r.ts, r.flag)))
        ORDER BY r.ts DESC
        LIMIT $5
    ) latest
) x
WHERE (s.differing IS NULL
       OR (SELECT count(*) FROM (
               SELECT FROM readings r
               WHERE r.station_id = s.station_id AND r.parameter = s.parameter
                 AND r.ts >= s.differing AND r.ts <= s.newest
               LIMIT $5 + 1) between_them) > $5)
  AND x.n >= $5 AND x.hi - x.lo <= $6 AND x.last_ts - x.first_ts >= $7
