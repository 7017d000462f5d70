-- Points grouped on a grid of ${cell_px} screen pixels: one feature per cell, the cell's
-- lowest id standing for it (with its properties) at the centroid, and the cell's point count.
WITH points AS (
    SELECT t.${id} AS id, t.${geom} AS geom,
           floor(ST_X(t.${geom}) / ${cell}) AS cx,
           floor(ST_Y(t.${geom}) / ${cell}) AS cy
    FROM ${source}
    WHERE ${where}
), cells AS (
    SELECT min(id) AS id, count(*)::int AS point_count, ST_Centroid(ST_Collect(geom)) AS geom
    FROM points
    GROUP BY cx, cy
)
SELECT ST_AsMVT(tile, ${name}, ${extent}, 'geom', 'id')
FROM (
    SELECT c.id, c.point_count,
           ST_AsMVTGeom(c.geom, ST_TileEnvelope($1, $2, $3), ${extent}, ${buffer}, true) AS geom${properties}
    FROM cells AS c
    JOIN ${source} ON t.${id} = c.id
) AS tile
WHERE tile.geom IS NOT NULL
