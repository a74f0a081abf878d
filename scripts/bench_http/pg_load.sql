-- Loads the store's cases (id, status, type code, EPSG:4549 x/y) and the query points into PostGIS.
-- psql -v cases=FILE -v qpoints=FILE (server-side COPY: the files must be readable by the server's user)
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS cases, qpoints, cases_xy, qpoints_xy;
CREATE UNLOGGED TABLE cases_xy (id text, status text, type_code text, x float8, y float8);
COPY cases_xy FROM :'cases' WITH (FORMAT csv);
CREATE TABLE cases AS
    SELECT id, status, type_code, ST_SetSRID(ST_MakePoint(x, y), 4549)::geometry(Point, 4549) AS geom FROM cases_xy;
ALTER TABLE cases ADD PRIMARY KEY (id);
CREATE INDEX cases_geom ON cases USING gist (geom);
CREATE UNLOGGED TABLE qpoints_xy (i int, x float8, y float8);
COPY qpoints_xy FROM :'qpoints' WITH (FORMAT csv, HEADER true);
CREATE TABLE qpoints AS
    SELECT i, ST_SetSRID(ST_MakePoint(x, y), 4549)::geometry(Point, 4549) AS geom FROM qpoints_xy;
ALTER TABLE qpoints ADD PRIMARY KEY (i);
DROP TABLE cases_xy, qpoints_xy;
VACUUM ANALYZE cases;
VACUUM ANALYZE qpoints;
SELECT count(*) AS cases, count(*) FILTER (WHERE status IN ('reported', 'registered', 'dispatched', 'handled', 'verified')) AS open FROM cases;
EXPLAIN (COSTS OFF)
SELECT id FROM cases
 WHERE status IN ('reported', 'registered', 'dispatched', 'handled', 'verified')
 ORDER BY geom <-> (SELECT geom FROM qpoints WHERE i = 1)
 LIMIT 10;
