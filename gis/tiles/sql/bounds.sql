-- Lon/lat bounds of a layer's features, for TileJSON and the collection's extent.
SELECT ST_XMin(extent.box) AS west, ST_YMin(extent.box) AS south,
       ST_XMax(extent.box) AS east, ST_YMax(extent.box) AS north
FROM (
    SELECT ST_Extent(t.${geom}) AS box
    FROM ${source}
    WHERE ${where}
) AS extent
