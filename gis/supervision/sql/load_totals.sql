-- Year-to-date load (t) of each pollutant with an allowance, for one enterprise; the alarm sits
-- at the enterprise's first outlet that emits the pollutant.
WITH span AS (
    SELECT ($3::timestamp AT TIME ZONE $4) AS starts, (($3::timestamp + interval '1 year') AT TIME ZONE $4) AS ends
)
SELECT a.parameter, a.allowance_t, a.permit_no,
       sum(h.load_kg) / 1000.0 AS total_t, count(*) AS hours, max(h.hour) AS last_hour,
       min(h.station_id) AS station_id
FROM load_allowances a
JOIN stations s ON s.enterprise_id = a.enterprise_id
JOIN emission_hours h ON h.station_id = s.id AND h.parameter = a.parameter
CROSS JOIN span
WHERE a.enterprise_id = $1 AND a.year = $2 AND h.hour >= span.starts AND h.hour < span.ends
GROUP BY a.parameter, a.allowance_t, a.permit_no
