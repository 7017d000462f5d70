-- The highest and lowest value flagged N, the number of values flagged otherwise and the
-- number of hours, in the hourly rollups of each series from $3 (exclusive) to $4: what a
-- mean over any stretch of those hours can at most reach.
SELECT s.station_id, s.parameter, max(r.max) AS high, min(r.min) AS low,
       coalesce(sum(r.flagged), 0) AS flagged, count(r.bucket) AS hours
FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS s(station_id, parameter, after, until)
LEFT JOIN rollups_hourly r
       ON r.station_id = s.station_id AND r.parameter = s.parameter AND r.bucket > s.after AND r.bucket <= s.until
GROUP BY s.station_id, s.parameter
