-- The nearest met station that reported wind in ($3, $4], with its wind over the $5 interval
-- ending at its latest sample: mean speed and speed-weighted vector-mean direction (so 350°
-- and 10° average to 0°, not 180°). Speed and direction samples are paired by timestamp.
WITH here AS (
    SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS geog
),
live AS (
    SELECT s.id, s.code, s.name_zh, ST_Distance(s.geom::geography, here.geog) AS distance_m,
           (SELECT max(r.ts) FROM readings r
            WHERE r.station_id = s.id AND r.parameter = 'wind_speed' AND r.ts > $3 AND r.ts <= $4
              AND r.flag = 'N' AND r.value IS NOT NULL) AS latest
    FROM stations s, here
    WHERE s.kind = 'met'
),
chosen AS (
    SELECT * FROM live WHERE latest IS NOT NULL ORDER BY distance_m LIMIT 1
)
SELECT c.id, c.code, c.name_zh, c.distance_m, c.latest AS observed_at,
       count(di.ts) AS samples,
       avg(sp.value) AS speed,
       degrees(atan2(avg(sp.value * sin(radians(di.value))), avg(sp.value * cos(radians(di.value)))))
           AS direction
FROM chosen c
JOIN readings sp ON sp.station_id = c.id AND sp.parameter = 'wind_speed'
                AND sp.ts > c.latest - CAST($5 AS interval) AND sp.ts <= c.latest
                AND sp.flag = 'N' AND sp.value IS NOT NULL AND sp.value >= 0
JOIN readings di ON di.station_id = c.id AND di.parameter = 'wind_dir' AND di.ts = sp.ts
                AND di.flag = 'N' AND di.value IS NOT NULL
GROUP BY c.id, c.code, c.name_zh, c.distance_m, c.latest
