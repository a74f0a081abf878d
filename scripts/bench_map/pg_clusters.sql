-- pgbench script: one viewport's grid clusters, as CityGrid's /api/v1/map/cases forms them:
-- squares of `size` metres anchored at the origin (floor(x / size)), the cases inside the closed
-- box (&& through the GiST index, whose float4 boxes reach a little beyond it, then the exact
-- edges as CityGrid compares them), open ones (CityQueries.openStatuses) or all; count and mean position.
\set i random(1, :nwindows)
SELECT floor(ST_X(c.geom) / w.size)::bigint AS col, floor(ST_Y(c.geom) / w.size)::bigint AS row,
       count(*), avg(ST_X(c.geom)), avg(ST_Y(c.geom))
  FROM windows w JOIN cases c ON c.geom && w.box
 WHERE w.i = :i AND ST_X(c.geom) BETWEEN w.minx AND w.maxx AND ST_Y(c.geom) BETWEEN w.miny AND w.maxy
   AND (w.scope = 'all' OR c.status IN ('reported', 'registered', 'dispatched', 'handled', 'verified'))
 GROUP BY 1, 2;
