-- The highest and lowest trailing 24-h mean of hourly means ending at each clock hour (UTC) touched.
WITH series AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[])
        AS s(station_id, parameter, first_ts, last_ts)
), hourly AS (
    SELECT s.station_id, s.parameter, date_trunc('hour', s.first_ts, 'UTC') AS first_hour,
           date_trunc('hour', r.ts, 'UTC') AS hour, avg(r.value) AS mean
    FROM series s
    JOIN readings r ON r.station_id = s.station_id AND r.parameter = s.parameter
     AND r.ts >= date_trunc('hour', s.first_ts, 'UTC') - interval '23 hours' AND r.ts <= s.last_ts
    -- parkmap_suppressed, its marks looked up only at stations ($6) that have any
    WHERE r.value IS NOT NULL
      AND NOT (r.flag = ANY($7::text[])
               OR (r.station_id = ANY($6::int[]) AND parkmap_suppressed(r.station_id, r.parameter, r.ts, r.flag)))
    GROUP BY 1, 2, 3, 4
), rolled AS (
    SELECT station_id, parameter, first_hour, hour,
           avg(mean) OVER w AS mean, count(*) OVER w AS n
    FROM hourly
    WINDOW w AS (PARTITION BY station_id, parameter ORDER BY hour
                 RANGE BETWEEN interval '23 hours' PRECEDING AND CURRENT ROW)
), judged_windows AS (
    SELECT station_id, parameter, hour + interval '1 hour' AS window_end, mean, n
    FROM rolled WHERE hour >= first_hour AND n >= $5
)
(SELECT DISTINCT ON (station_id, parameter) station_id, parameter, 'max' AS extreme, window_end, mean, n
 FROM judged_windows ORDER BY station_id, parameter, mean DESC, window_end)
UNION ALL
(SELECT DISTINCT ON (station_id, parameter) station_id, parameter, 'min' AS extreme, window_end, mean, n
 FROM judged_windows ORDER BY station_id, parameter, mean ASC, window_end)
