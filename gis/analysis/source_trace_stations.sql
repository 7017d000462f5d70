-- Air stations to trace from: those named in $1, or every VOC and boundary station when $1 is null.
SELECT id, code, name_zh, kind, ST_X(geom) AS lon, ST_Y(geom) AS lat
FROM stations
WHERE ($1::int[] IS NULL AND kind IN ('voc', 'air_boundary')) OR id = ANY($1::int[])
ORDER BY code
