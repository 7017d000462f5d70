SELECT t.${id} AS id, ST_AsGeoJSON(t.${geom}, 7) AS geometry${properties}
FROM ${source}
WHERE t.${id} = $1 AND ${where}
