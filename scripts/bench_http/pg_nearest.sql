-- pgbench script: the 10 nearest open cases to a query point drawn from the same set as wrk's
-- (qpoints holds them in EPSG:4549); KNN on the GiST index (ORDER BY geom <-> point LIMIT 10).
-- Open = CityQueries.openStatuses: not terminal and not escalated.
\set i random(1, :npoints)
SELECT id FROM cases
 WHERE status IN ('reported', 'registered', 'dispatched', 'handled', 'verified')
 ORDER BY geom <-> (SELECT geom FROM qpoints WHERE i = :i)
 LIMIT 10;
