-- The store's cases (id, status, type code, EPSG:4549 x/y) and the viewports into PostGIS.
-- psql -v cases=FILE -v windows=FILE (server-side COPY: the files must be readable by the server's user)
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS cases, cases_xy, windows, windows_xy;
CREATE UNLOGGED TABLE cases_xy (id text, status text, type_code text, x float8, y float8);
COPY cases_xy FROM :'cases' WITH (FORMAT csv);
CREATE TABLE cases AS
    SELECT id, status, type_code, ST_SetSRID(ST_MakePoint(x, y), 4549)::geometry(Point, 4549) AS geom FROM cases_xy;
ALTER TABLE cases ADD PRIMARY KEY (id);
CREATE INDEX cases_geom ON cases USING gist (geom);
CREATE UNLOGGED TABLE windows_xy (i int, zoom int, scope text, size float8, minx float8, miny float8, maxx float8, maxy float8);
COPY windows_xy FROM :'windows' WITH (FORMAT csv);
-- The box for the index (&&, on float4 boxes, a little wide) and its exact edges for the test.
CREATE TABLE windows AS
    SELECT i, zoom, scope, size, minx, miny, maxx, maxy, ST_MakeEnvelope(minx, miny, maxx, maxy, 4549) AS box FROM windows_xy;
ALTER TABLE windows ADD PRIMARY KEY (i);
DROP TABLE cases_xy, windows_xy;
VACUUM ANALYZE cases;
VACUUM ANALYZE windows;
