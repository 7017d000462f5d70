-- Year-to-date load of each pollutant of one enterprise (all its outlets) against its allowance.
-- $2 is 1 January 00:00 of the year as local time in zone $3.
WITH span AS (
    SELECT ($2::timestamp AT TIME ZONE $3) AS starts, (($2::timestamp + interval '1 year') AT TIME ZONE $3) AS ends
), loads AS (
    SELECT h.parameter, sum(h.load_kg) / 1000.0 AS total_t, count(*) AS hours, max(h.hour) AS last_hour
    FROM emission_hours h
    JOIN stations s ON s.id = h.station_id
    CROSS JOIN span
    WHERE s.enterprise_id = $1 AND h.hour >= span.starts AND h.hour < span.ends
    GROUP BY h.parameter
)
SELECT coalesce(l.parameter, a.parameter) AS parameter,
       coalesce(l.total_t, 0) AS total_t,
       a.allowance_t,
       CASE WHEN a.allowance_t > 0 THEN coalesce(l.total_t, 0) / a.allowance_t END AS ratio,
       coalesce(l.hours, 0) AS hours,
       l.last_hour,
       a.permit_no
FROM loads l
FULL JOIN (SELECT * FROM load_allowances WHERE enterprise_id = $1 AND year = $4) a ON a.parameter = l.parameter
ORDER BY 1
