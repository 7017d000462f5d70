INSERT INTO raster_scenes (name, sensor, acquired, bands, cloud_cover, path, synthetic, footprint)
VALUES (:name, :sensor, :acquired, CAST(:bands AS jsonb), :cloud_cover, :path, :synthetic,
        ST_SetSRID(ST_GeomFromGeoJSON(:footprint), 4326))
RETURNING id
