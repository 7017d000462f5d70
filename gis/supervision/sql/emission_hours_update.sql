-- Insert the touched (outlet, hour) loads (cleared first by emission_hours_clear): mean judged concentration × mean judged flow × factor.
WITH touched AS (
    SELECT DISTINCT station_id, hour, flow
    FROM unnest($1::int[], $2::timestamptz[], $3::text[]) AS t(station_id, hour, flow)
), factors AS (
    SELECT * FROM unnest($5::text[], $6::float8[]) AS f(flow, kg_factor)
), means AS (
    SELECT t.station_id, t.hour, t.flow, r.parameter, avg(r.value) AS mean, count(*) AS n
    FROM touched t
    JOIN readings r ON r.station_id = t.station_id
     AND r.ts >= t.hour AND r.ts < t.hour + interval '1 hour'
     AND (r.parameter = t.flow OR r.parameter = ANY($4::text[]))
    WHERE r.value IS NOT NULL AND NOT parkmap_suppressed(r.station_id, r.parameter, r.ts, r.flag)
    GROUP BY 1, 2, 3, 4
)
INSERT INTO emission_hours (station_id, parameter, hour, mean_value, mean_flow, load_kg, samples)
SELECT c.station_id, c.parameter, c.hour, c.mean, q.mean, c.mean * q.mean * f.kg_factor, c.n
FROM means c
JOIN means q ON q.station_id = c.station_id AND q.hour = c.hour AND q.parameter = c.flow
JOIN factors f ON f.flow = c.flow
WHERE c.parameter <> c.flow
