-- The highest and lowest trailing 1-h mean (t - 1 h, t] ending at each reading in a touched span.
WITH series AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[])
        AS s(station_id, parameter, first_ts, last_ts)
), judged AS (
    SELECT s.station_id, s.parameter, s.first_ts, r.ts, r.value
    FROM series s
    JOIN readings r ON r.station_id = s.station_id AND r.parameter = s.parameter
     AND r.ts > s.first_ts - interval '1 hour' AND r.ts <= s.last_ts
    -- parkmap_suppressed, its marks looked up only at stations ($6) that have any
    WHERE r.value IS NOT NULL
      AND NOT (r.flag = ANY($7::text[])
               OR (r.station_id = ANY($6::int[]) AND parkmap_suppressed(r.station_id, r.parameter, r.ts, r.flag)))
), rolled AS (
    SELECT station_id, parameter, first_ts, ts,
           avg(value) OVER w AS mean, count(*) OVER w AS n
    FROM judged
    WINDOW w AS (PARTITION BY station_id, parameter ORDER BY ts
                 RANGE BETWEEN interval '59 minutes 59.999999 seconds' PRECEDING AND CURRENT ROW)
), judged_windows AS (
    SELECT * FROM rolled WHERE ts >= first_ts AND n >= $5
)
(SELECT DISTINCT ON (station_id, parameter) station_id, parameter, 'max' AS extreme, ts AS window_end, mean, n
 FROM judged_windows ORDER BY station_id, parameter, mean DESC, ts)
UNION ALL
(SELECT DISTINCT ON (station_id, parameter) station_id, parameter, 'min' AS extreme, ts AS window_end, mean, n
 FROM judged_windows ORDER BY station_id, parameter, mean ASC, ts)
