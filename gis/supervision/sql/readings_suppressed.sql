SELECT parkmap_suppressed(s, p, t, f) AS out
FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::text[]) WITH ORDINALITY AS r(s, p, t, f, n)
ORDER BY n
