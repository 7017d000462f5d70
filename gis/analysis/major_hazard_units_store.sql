-- Store the assessed units $1 (a JSON array, one object per unit), each drawn as its
-- enterprise's plant and named after it.
INSERT INTO major_hazard_units (
    enterprise_id, unit, enterprise_code, enterprise_zh, enterprise_en, name_zh, name_en,
    s, is_major, people_within_500m, alpha, r, r_min, r_max, r_label,
    grade, grade_min, grade_max, grade_range, chemicals_zh, chemicals_en, assessed_at, geom
)
SELECT u.enterprise_id, u.unit, e.code, e.name_zh, e.name_en,
       e.name_zh || ' ' || u.unit_zh, e.name_en || ' — ' || u.unit_en,
       u.s, u.is_major, u.people_within_500m, u.alpha, u.r, u.r_min, u.r_max, u.r_label,
       u.grade, u.grade_min, u.grade_max, u.grade_range, u.chemicals_zh, u.chemicals_en, now(), e.geom
FROM jsonb_to_recordset($1::text::jsonb) AS u (
    enterprise_id int, unit text, unit_zh text, unit_en text, s float8, is_major boolean,
    people_within_500m int, alpha float8, r float8, r_min float8, r_max float8, r_label text,
    grade smallint, grade_min smallint, grade_max smallint, grade_range text,
    chemicals_zh text, chemicals_en text
)
JOIN enterprises AS e ON e.id = u.enterprise_id
ORDER BY e.code, u.unit
