-- pgbench script: the OGC API filter the CQL2 row of bench-http sends, as PostGIS answers it with
-- its GiST index: open cases of one type within 500 m of a query point drawn from the same set as
-- wrk's (qpoints, EPSG:4549).
\set i random(1, :npoints)
SELECT id FROM cases
 WHERE status IN ('reported', 'registered', 'dispatched')
   AND type_code = '0103'
   AND ST_DWithin(geom, (SELECT geom FROM qpoints WHERE i = :i), 500)
 ORDER BY id
 LIMIT 100;
