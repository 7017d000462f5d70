-- Whether major_hazard_units is out of date: never made, one of the inventory tables $1
-- changed since (their layer versions are recorded with each refresh), or a plant whose
-- outline and names the table copies has been redrawn or renamed.
SELECT v.derived_from IS NULL
    OR EXISTS (
        SELECT 1
        FROM layer_versions AS i
        WHERE i.table_name = ANY($1::text[])
          AND (v.derived_from ->> i.table_name)::bigint IS DISTINCT FROM i.version
    )
    OR EXISTS (
        SELECT 1
        FROM major_hazard_units AS m
        JOIN enterprises AS e ON e.id = m.enterprise_id
        WHERE (m.enterprise_code, m.enterprise_zh, m.enterprise_en, m.geom)
              IS DISTINCT FROM (e.code, e.name_zh, e.name_en, e.geom)
    )
FROM layer_versions AS v
WHERE v.table_name = 'major_hazard_units'
