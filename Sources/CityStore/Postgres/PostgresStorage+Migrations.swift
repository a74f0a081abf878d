import PQKit

/// The PostgreSQL schema's history, like SQLite's (`CityDatabase.migrator`): numbered, each in
/// its own transaction, recorded in `citygrid_migration`, never edited once shipped. Nodes
/// starting together take an advisory lock so that one migrates and the others wait.
extension PostgresStorage {
    static let migrations: [(version: Int, name: String, sql: String)] = [
        (1, "features, dossiers, case history, import runs, change log, search", """
            -- PostGIS for the geometries, pg_trgm for substring search (a DBA creates them once
            -- where the role may not; IF NOT EXISTS needs no privilege then).
            CREATE EXTENSION IF NOT EXISTS postgis;
            CREATE EXTENSION IF NOT EXISTS pg_trgm;

            -- rowid is the id the in-memory R-tree knows an entity by: an identity, never reused
            -- (a follower holding an old rowid finds nothing rather than another entity).
            CREATE TABLE feature (
                rowid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                layer text NOT NULL,
                id text NOT NULL,
                geom geometry(Geometry, 4549),
                properties jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(properties) = 'object'),
                category text,
                status text,
                zone_version integer NOT NULL DEFAULT 1,
                -- The id and the searchable text attributes (StoredFeature.searchText), as the
                -- SQLite store indexes them, ASCII letters folded to lower case, so that a LIKE
                -- here answers as SQLite's (which folds ASCII only) does.
                search_text text NOT NULL DEFAULT '',
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (layer, id)
            );
            CREATE INDEX feature_geom ON feature USING gist (geom);
            CREATE INDEX feature_search ON feature USING gin (search_text gin_trgm_ops);

            -- 一店一档 / 一户一档: a storefront's or structure's dossier, append-only.
            CREATE TABLE dossier_record (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                layer text NOT NULL,
                entity_id text NOT NULL,
                kind text NOT NULL,
                date text NOT NULL,
                officer text NOT NULL DEFAULT '',
                note text NOT NULL DEFAULT '',
                attachments jsonb NOT NULL DEFAULT '[]',
                FOREIGN KEY (layer, entity_id) REFERENCES feature (layer, id) ON DELETE CASCADE
            );
            CREATE INDEX dossier_record_entity ON dossier_record (layer, entity_id, date);

            -- The closed loop's audit trail: every transition of every case, never updated.
            CREATE TABLE case_transition (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                case_id text NOT NULL,
                at text NOT NULL,
                actor text NOT NULL,
                event text NOT NULL,
                from_status text,
                to_status text NOT NULL,
                note text NOT NULL DEFAULT ''
            );
            CREATE INDEX case_transition_case ON case_transition (case_id, id);

            -- Append-only, enforced by the database for every client, psql and QGIS included.
            CREATE FUNCTION citygrid_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
            END $$;
            CREATE TRIGGER case_transition_append_only BEFORE UPDATE ON case_transition
                FOR EACH ROW EXECUTE FUNCTION citygrid_refuse_update();
            CREATE TRIGGER dossier_record_append_only BEFORE UPDATE ON dossier_record
                FOR EACH ROW EXECUTE FUNCTION citygrid_refuse_update();

            -- One row per import, so zones are versioned and an import can be traced.
            CREATE TABLE import_run (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                layer text NOT NULL,
                source text NOT NULL,
                at timestamptz NOT NULL DEFAULT now(),
                features integer NOT NULL
            );

            -- One row per committed batch (ChangeLogEntry), numbered under the writers' advisory
            -- lock so that sequences follow commit order with no gaps; nodes follow it.
            CREATE TABLE change_log (
                seq bigint PRIMARY KEY,
                at timestamptz NOT NULL DEFAULT now(),
                entry jsonb NOT NULL
            );
            """),
        (2, "one view per layer for GIS desks", """
            -- What QGIS and ogrinfo list: each layer with typed columns and one geometry type with
            -- SRID 4549 in the column's type (areas and lines as Multi*, so that one layer holds
            -- one type). fid is the stable rowid QGIS needs as a key. Read-only: writes go through
            -- CityGrid, which keeps the change log every node follows.
            CREATE VIEW grids AS SELECT rowid AS fid, id AS code, properties->>'subDistrictName' AS sub_district,
                properties->>'communityName' AS community, properties->>'officer' AS officer, zone_version, updated_at,
                ST_Multi(geom)::geometry(MultiPolygon, 4549) AS geom
                FROM feature WHERE layer = 'grids';
            CREATE VIEW parcels AS SELECT rowid AS fid, id AS number, properties->>'holder' AS holder,
                properties->>'landUse' AS land_use, zone_version, updated_at,
                ST_Multi(geom)::geometry(MultiPolygon, 4549) AS geom
                FROM feature WHERE layer = 'parcels';
            CREATE VIEW roads AS SELECT rowid AS fid, id, properties->>'name' AS name, properties->>'roadClass' AS road_class,
                properties->>'oneway' AS oneway, (properties->>'bridge')::boolean AS bridge, (properties->>'tunnel')::boolean AS tunnel,
                updated_at, ST_Multi(geom)::geometry(MultiLineString, 4549) AS geom
                FROM feature WHERE layer = 'roads';
            CREATE VIEW segments AS SELECT rowid AS fid, id, properties->'segment'->>'roadName' AS road_name,
                properties->'segment'->>'roadClass' AS road_class, properties->'chief'->>'id' AS chief_id,
                properties->'chief'->>'name' AS chief_name, properties->'chief'->>'unit' AS chief_unit, zone_version, updated_at,
                ST_Multi(geom)::geometry(MultiLineString, 4549) AS geom
                FROM feature WHERE layer = 'segments';
            CREATE VIEW redlines AS SELECT rowid AS fid, id, properties->>'roadName' AS road_name,
                (properties->>'widthMeters')::double precision AS width_meters, zone_version, updated_at,
                ST_Multi(geom)::geometry(MultiPolygon, 4549) AS geom
                FROM feature WHERE layer = 'redlines';
            CREATE VIEW storefronts AS SELECT rowid AS fid, id, properties->>'name' AS name, properties->>'address' AS address,
                properties->>'trade' AS trade, properties->>'licenceNumber' AS licence_number, properties->>'licenceStatus' AS licence_status,
                properties->'attribution'->>'gridCode' AS grid_code, properties->'attribution'->'segment'->>'segmentID' AS segment_id,
                properties->'attribution'->'segment'->>'chiefID' AS chief_id, jsonb_array_length(coalesce(properties->'records', '[]')) AS records,
                updated_at, geom::geometry(Point, 4549) AS geom
                FROM feature WHERE layer = 'storefronts';
            CREATE VIEW structures AS SELECT rowid AS fid, id, properties->>'address' AS address, properties->>'holder' AS holder,
                properties->'status'->>'stage' AS stage, properties->'attribution'->>'gridCode' AS grid_code,
                properties->'attribution'->'segment'->>'segmentID' AS segment_id, updated_at,
                ST_Multi(geom)::geometry(MultiPolygon, 4549) AS geom
                FROM feature WHERE layer = 'structures';
            CREATE VIEW cases AS SELECT rowid AS fid, id, category AS type_code, status, properties->>'source' AS source,
                properties->>'description' AS description, properties->>'reportedAt' AS reported_at,
                properties->'attribution'->>'gridCode' AS grid_code, properties->'attribution'->'segment'->>'segmentID' AS segment_id,
                properties->'attribution'->'segment'->>'chiefID' AS chief_id, properties->'attribution'->'redLine'->>'verdict' AS red_line,
                updated_at, geom::geometry(Point, 4549) AS geom
                FROM feature WHERE layer = 'cases';
            """),
        (3, "accounts, their tokens, the audit trail", """
            -- As SQLite's v7: accounts beside the data they guard, every node reading the same
            -- ones; tokens keep the SHA-256 of their secret, never the secret. roles: sorted
            -- names joined by commas; areas: a JSON array of AreaScope's printed forms.
            CREATE TABLE accounts (
                id text PRIMARY KEY,
                name text NOT NULL,
                unit text NOT NULL DEFAULT '',
                roles text NOT NULL,
                areas jsonb NOT NULL CHECK (jsonb_typeof(areas) = 'array'),
                created_at timestamptz NOT NULL,
                disabled_at timestamptz
            );
            CREATE TABLE account_tokens (
                id text PRIMARY KEY,
                account_id text NOT NULL REFERENCES accounts (id),
                digest text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL,
                expires_at timestamptz,
                last_used_at timestamptz,
                revoked_at timestamptz
            );
            CREATE INDEX account_tokens_account ON account_tokens (account_id);

            -- Who saw and did what, written in the transaction of the write it records, and
            -- never updated, deleted or truncated, whoever connects (psql included).
            CREATE TABLE audit (
                sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL,
                account_id text,
                actor text NOT NULL,
                via text NOT NULL,
                action text NOT NULL,
                subject text,
                subject_id text,
                detail text NOT NULL DEFAULT ''
            );
            CREATE INDEX audit_account ON audit (account_id, sequence);
            CREATE INDEX audit_actor ON audit (actor, sequence);
            CREATE INDEX audit_subject ON audit (subject, subject_id, sequence);
            CREATE INDEX audit_at ON audit (at);
            CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
                FOR EACH ROW EXECUTE FUNCTION citygrid_refuse_update();
            CREATE TRIGGER audit_not_truncated BEFORE TRUNCATE ON audit
                FOR EACH STATEMENT EXECUTE FUNCTION citygrid_refuse_update();
            """),
        (4, "officers' tracks", """
            -- As SQLite's v8: each officer's fixes, append-only, kept across roster imports (no
            -- foreign key to the officer's feature).
            CREATE TABLE officer_fix (
                id bigserial PRIMARY KEY,
                officer_id text NOT NULL,
                at timestamptz NOT NULL,
                x double precision NOT NULL,
                y double precision NOT NULL,
                accuracy double precision,
                speed double precision
            );
            CREATE INDEX officer_fix_track ON officer_fix (officer_id, at);
            CREATE TRIGGER officer_fix_append_only BEFORE UPDATE ON officer_fix
                FOR EACH ROW EXECUTE FUNCTION citygrid_refuse_update();
            """),
        (5, "webhook subscriptions, their deliveries and dead letters", """
            -- As SQLite's v9: outside the change log; a lease lets one node deliver each.
            CREATE TABLE subscription (
                id text PRIMARY KEY,
                owner_account_id text,
                owner_name text NOT NULL,
                url text NOT NULL,
                secret text NOT NULL,
                filter text NOT NULL DEFAULT '',
                created_at timestamptz NOT NULL,
                disabled_at timestamptz,
                cursor bigint NOT NULL,
                failures integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz,
                last_error text,
                delivered bigint NOT NULL DEFAULT 0,
                leased_by text,
                lease_until timestamptz
            );
            CREATE TABLE dead_letter (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                subscription_id text NOT NULL REFERENCES subscription(id),
                event_id bigint NOT NULL,
                attempts integer NOT NULL,
                error text NOT NULL,
                at timestamptz NOT NULL
            );
            CREATE INDEX dead_letter_subscription ON dead_letter (subscription_id, id);
            """),
        (6, "the event outbox, fences, the watches' start", """
            -- As SQLite's v10: case steps copied in by a trigger (COPY fires it too), the steps
            -- already kept with their own ids; ids are given under the writers' advisory lock,
            -- so they follow commit order.
            CREATE TABLE event (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                type text NOT NULL,
                subject text NOT NULL,
                at text NOT NULL,
                actor text NOT NULL DEFAULT '',
                from_status text,
                to_status text,
                note text NOT NULL DEFAULT '',
                fence text,
                once_key text UNIQUE
            );
            INSERT INTO event (id, type, subject, at, actor, from_status, to_status, note)
                SELECT id, 'case.' || event, case_id, at, actor, from_status, to_status, note FROM case_transition ORDER BY id;
            SELECT setval(pg_get_serial_sequence('event', 'id'), greatest((SELECT max(id) FROM event), 1),
                          (SELECT max(id) FROM event) IS NOT NULL);
            CREATE FUNCTION citygrid_case_event() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO event (type, subject, at, actor, from_status, to_status, note)
                VALUES ('case.' || NEW.event, NEW.case_id, NEW.at, NEW.actor, NEW.from_status, NEW.to_status, NEW.note);
                RETURN NULL;
            END $$;
            CREATE TRIGGER case_transition_event AFTER INSERT ON case_transition
                FOR EACH ROW EXECUTE FUNCTION citygrid_case_event();
            CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event
                FOR EACH ROW EXECUTE FUNCTION citygrid_refuse_update();
            CREATE TABLE event_watch (name text PRIMARY KEY, since timestamptz NOT NULL);
            ALTER TABLE subscription ADD COLUMN fence text;
            """),
        // 7 was set aside for the evidence photos (built beside this on another branch); it stays free,
        // and `migrate` applies every version not yet applied, not only those above the highest.
        (8, "idempotency keys", """
            -- As SQLite's v12: the first answer per account and key; status NULL while running.
            CREATE TABLE idempotency_key (
                account_id text NOT NULL,
                key text NOT NULL,
                request_hash text NOT NULL,
                started_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                status integer,
                content_type text,
                body bytea,
                PRIMARY KEY (account_id, key)
            );
            CREATE INDEX idempotency_key_expiry ON idempotency_key (expires_at);
            """),
    ]

    /// A key no other application's advisory locks are likely to use: "CGMG" (migrations).
    static let migrationLock: Int64 = 0x4347_4D47

    func migrate() throws {
        try writer.withConnection { c in
            _ = try c.execute("SELECT pg_advisory_lock($1::bigint)", [.int(Self.migrationLock)])
            defer { _ = try? c.execute("SELECT pg_advisory_unlock($1::bigint)", [.int(Self.migrationLock)]) }
            _ = try c.execute("""
                CREATE TABLE IF NOT EXISTS citygrid_migration (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            // The versions applied, not only the highest: one added later below a higher one (two
            // branches numbering theirs at once) is still applied.
            let done = try c.execute("SELECT version FROM citygrid_migration")
            var applied: Set<Int> = []
            for r in 0..<done.rowCount { if let v = try done.int(r, 0) { applied.insert(v) } }
            for m in Self.migrations where !applied.contains(m.version) {
                do {
                    try c.transaction {
                        _ = try c.executeScript(m.sql)
                        _ = try c.execute("INSERT INTO citygrid_migration (version, name) VALUES ($1, $2)", [.int(Int64(m.version)), .text(m.name)])
                    }
                } catch {
                    throw StoreError.database(path: location, reason: "migration \(m.version) (\(m.name)) failed: \(error)")
                }
            }
        }
    }
}
