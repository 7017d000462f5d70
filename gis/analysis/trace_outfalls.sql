-- Outfalls by id, with their receiving water and state.
SELECT id, code, name_zh, name_en, kind, receiving_water, permit_no, node_id,
       investigation_status, rectification_status
FROM outfalls
WHERE id = ANY($1::int[])
