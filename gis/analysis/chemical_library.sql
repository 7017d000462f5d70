-- One chemical of the library by id or CAS number, with the sources of its values (JSON as text).
SELECT id, cas, un_number, name_zh, name_en, hazard_class, molecular_weight,
       gb18218_critical_t, gb18218_beta, aegl1_ppm, aegl2_ppm, aegl3_ppm, sources::text AS sources
FROM chemicals
WHERE ($1::int IS NOT NULL AND id = $1) OR ($1::int IS NULL AND cas = $2::text)
