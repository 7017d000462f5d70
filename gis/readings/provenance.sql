-- A stored value and the raw message it came from (NULL columns once retention removed it).
SELECT r.station_id, r.parameter, r.ts, r.value, r.flag, r.raw_id,
       m.door, m.peer, m.received_at, m.payload
FROM readings r
LEFT JOIN raw_messages m ON m.id = r.raw_id
WHERE r.station_id = $1 AND r.parameter = $2 AND r.ts = $3
