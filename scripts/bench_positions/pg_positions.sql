-- pgbench script: the PostGIS way of keeping officers' tracks and live positions, the same work a
-- batch of CityGrid's does: B fixes appended to the track (one INSERT … SELECT of B rows) and the
-- officer's position moved (GiST-indexed point), in one transaction. Officers taken at random.
\set o random(1, :officers)
BEGIN;
INSERT INTO officer_fix (officer_id, at, geom)
  SELECT :o, now() + g * interval '1 second', ST_SetSRID(ST_MakePoint(o.x + g * 0.5, o.y), 4549)
  FROM generate_series(1, :batch) g, officer o WHERE o.id = :o;
UPDATE officer SET geom = ST_SetSRID(ST_MakePoint(x + :batch * 0.5, y), 4549), at = now() WHERE id = :o;
COMMIT;
