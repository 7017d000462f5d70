SELECT count(*)
FROM ${source}
WHERE ${where}
