-- Hourly wind (UTC hours) of the met station nearest ($1, $2) that has wind in [$3, $4):
-- mean speed and speed-weighted vector-mean direction, speed and direction paired by timestamp.
WITH here AS (
    SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS geog
),
chosen AS (
    SELECT s.id, s.code, s.name_zh
    FROM stations s, here
    WHERE s.kind = 'met'
      AND EXISTS (SELECT 1 FROM readings r
                  WHERE r.station_id = s.id AND r.parameter = 'wind_speed' AND r.ts >= $3 AND r.ts < $4)
    ORDER BY ST_Distance(s.geom::geography, here.geog)
    LIMIT 1
)
SELECT c.id AS station_id, c.code, c.name_zh,
       date_trunc('hour', sp.ts, 'UTC') AS hour,
       count(*) AS samples,
       avg(sp.value) AS speed,
       degrees(atan2(avg(sp.value * sin(radians(di.value))), avg(sp.value * cos(radians(di.value)))))
           AS direction
FROM chosen c
JOIN readings sp ON sp.station_id = c.id AND sp.parameter = 'wind_speed' AND sp.ts >= $3 AND sp.ts < $4
                AND sp.flag = 'N' AND sp.value IS NOT NULL AND sp.value >= 0
JOIN readings di ON di.station_id = c.id AND di.parameter = 'wind_dir' AND di.ts = sp.ts
                AND di.flag = 'N' AND di.value IS NOT NULL
GROUP BY c.id, c.code, c.name_zh, date_trunc('hour', sp.ts, 'UTC')
ORDER BY hour
