-- One layer of one tile. $1, $2, $3 are z, x, y; the rest is filled from the layer registry.
SELECT ST_AsMVT(tile, ${name}, ${extent}, 'geom', 'id')
FROM (
    SELECT t.${id} AS id,
           ST_AsMVTGeom(${geometry}, ST_TileEnvelope($1, $2, $3), ${extent}, ${buffer}, true) AS geom${properties}
    FROM ${source}
    WHERE ${where}${order_limit}
) AS tile
WHERE tile.geom IS NOT NULL
