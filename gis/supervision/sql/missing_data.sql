-- Series heard from in the lookback window whose silence now exceeds $3 of their usual intervals
-- (the median of their last ten gaps) and at least $4 seconds, unless a valid mark covers now.
WITH recent AS (
    SELECT station_id, parameter, max(ts) AS last_ts
    FROM readings
    WHERE ts > $1::timestamptz - $2::interval AND ts <= $1::timestamptz
    GROUP BY station_id, parameter
), spaced AS (
    SELECT r.station_id, r.parameter, r.last_ts, g.interval_s
    FROM recent r
    CROSS JOIN LATERAL (
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS interval_s
        FROM (
            SELECT extract(epoch FROM ts - lag(ts) OVER (ORDER BY ts)) AS gap
            FROM (
                SELECT x.ts FROM readings x
                WHERE x.station_id = r.station_id AND x.parameter = r.parameter AND x.ts <= r.last_ts
                ORDER BY x.ts DESC
                LIMIT 11
            ) latest
        ) gaps
        WHERE gap IS NOT NULL
    ) g
)
SELECT station_id, parameter, last_ts, interval_s, extract(epoch FROM $1::timestamptz - last_ts)::float8 AS silent_s
FROM spaced
WHERE interval_s IS NOT NULL
  AND extract(epoch FROM $1::timestamptz - last_ts) > greatest($3 * interval_s, $4)
  AND NOT parkmap_suppressed(station_id, parameter, $1::timestamptz, 'N')
