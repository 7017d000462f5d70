-- name: stations
-- Boundary stations with their bearing (degrees clockwise from north, on the spheroid) from
-- the centre of the park(s), or of the stations themselves when no park is drawn.
WITH centre AS (
    SELECT coalesce(
        (SELECT ST_Centroid(ST_Collect(geom)) FROM parks),
        (SELECT ST_Centroid(ST_Collect(geom)) FROM stations WHERE kind IN ('air_boundary', 'voc'))
    ) AS geom
)
SELECT s.id, s.code, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
       coalesce(degrees(ST_Azimuth(c.geom::geography, s.geom::geography)), 0.0) AS bearing_deg
FROM stations s, centre c
WHERE s.kind IN ('air_boundary', 'voc')
ORDER BY s.code

-- name: values
SELECT station_id, array_agg(value ORDER BY ts) AS values
FROM readings
WHERE station_id = ANY($1::int[]) AND parameter = $2 AND ts >= $3 AND ts < $4
  AND flag = 'N' AND value IS NOT NULL
GROUP BY station_id

-- name: wind
-- Paired speed and direction samples of the met stations in the hour.
SELECT sp.value AS speed, di.value AS direction
FROM readings sp
JOIN stations st ON st.id = sp.station_id AND st.kind = 'met'
JOIN readings di ON di.station_id = sp.station_id AND di.ts = sp.ts AND di.parameter = 'wind_dir'
WHERE sp.parameter = 'wind_speed' AND sp.ts >= $1 AND sp.ts < $2
  AND sp.flag = 'N' AND di.flag = 'N' AND sp.value IS NOT NULL AND di.value IS NOT NULL
  AND sp.value >= 0

-- name: save_evaluation
INSERT INTO fence_evaluations (hour, evaluated_at, status, wind_from_deg, wind_speed_m_s, result)
VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)
ON CONFLICT (hour) DO UPDATE
SET evaluated_at = EXCLUDED.evaluated_at, status = EXCLUDED.status, wind_from_deg = EXCLUDED.wind_from_deg,
    wind_speed_m_s = EXCLUDED.wind_speed_m_s, result = EXCLUDED.result

-- name: raise_alarm
-- One open fence alarm per station and parameter (uq_alarms_open): a repeat refreshes it.
INSERT INTO alarms (station_id, parameter, rule, severity, status, value, limit_value, opened_at, detail)
VALUES ($1, $2, 'voc_fence', 'warning', 'open', $3, $4, $5, $6::text::jsonb)
ON CONFLICT (station_id, parameter, rule) WHERE status = 'open'
DO UPDATE SET value = EXCLUDED.value, limit_value = EXCLUDED.limit_value, detail = EXCLUDED.detail
RETURNING id, opened_at, (xmax = 0) AS opened

-- name: candidates
SELECT id, code, name_zh, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
FROM enterprises
ORDER BY id

-- name: evaluations
SELECT hour, evaluated_at, status, wind_from_deg, wind_speed_m_s, result::text AS result
FROM fence_evaluations
WHERE ($1::timestamptz IS NULL OR hour = $1)
ORDER BY hour DESC
LIMIT $2

-- name: last_hour
SELECT max(hour) FROM fence_evaluations
