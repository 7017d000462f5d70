-- What an incident recorded: release, weather and analysis results (JSON as text).
SELECT release::text AS release, weather::text AS weather, results::text AS results
FROM incidents
WHERE id = $1
