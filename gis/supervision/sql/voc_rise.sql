-- Per boundary station: the mean of the hour up to its newest reading, and the median of the
-- hourly means of the $4 before that hour (the baseline), from judged values only.
SELECT s.station_id, recent.mean, recent.n, base.baseline, base.hours
FROM unnest($1::int[], $2::timestamptz[]) AS s(station_id, last_ts)
CROSS JOIN LATERAL (
    SELECT avg(r.value) AS mean, count(*) AS n
    FROM readings r
    WHERE r.station_id = s.station_id AND r.parameter = $3
      AND r.ts > s.last_ts - interval '1 hour' AND r.ts <= s.last_ts AND r.value IS NOT NULL
      AND NOT parkmap_suppressed(r.station_id, r.parameter, r.ts, r.flag)
) recent
CROSS JOIN LATERAL (
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY h.mean) AS baseline, count(*) AS hours
    FROM (
        SELECT date_trunc('hour', r.ts, 'UTC') AS hour, avg(r.value) AS mean
        FROM readings r
        WHERE r.station_id = s.station_id AND r.parameter = $3
          AND r.ts > s.last_ts - interval '1 hour' - $4::interval AND r.ts <= s.last_ts - interval '1 hour'
          AND r.value IS NOT NULL AND NOT parkmap_suppressed(r.station_id, r.parameter, r.ts, r.flag)
        GROUP BY 1
    ) h
) base
WHERE recent.n > 0 AND base.hours > 0
