SELECT t.${id} AS id, ST_AsGeoJSON(t.${geom}, 7) AS geometry${properties}
FROM ${source}
WHERE ${where}
ORDER BY t.${id}
LIMIT $1 OFFSET $2
