-- How a batch's group is added to the rollup row (r) it falls in; part of store_rollup.sql.
ON CONFLICT (station_id, parameter, bucket) DO UPDATE SET
    n = r.n + excluded.n,
    flagged = r.flagged + excluded.flagged,
    total = r.total + excluded.total,
    min = least(r.min, excluded.min),
    max = greatest(r.max, excluded.max)
