-- Fold a batch's new readings, summed by the store per station, parameter and bucket, into
-- one rollup table ({rollup} is rollups_hourly or rollups_daily, chosen by the code).
-- Groups are upserted in key order so concurrent writers lock rollup rows in the same order.
INSERT INTO {rollup} AS r (station_id, parameter, bucket, n, flagged, total, min, max)
SELECT *
FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::float8[], $7::float8[], $8::float8[])
    AS g (station_id, parameter, bucket, n, flagged, total, min, max)
ORDER BY 1, 2, 3
ON CONFLICT (station_id, parameter, bucket) DO UPDATE SET
    n = r.n + excluded.n,
    flagged = r.flagged + excluded.flagged,
    total = r.total + excluded.total,
    min = least(r.min, excluded.min),
    max = greatest(r.max, excluded.max)
