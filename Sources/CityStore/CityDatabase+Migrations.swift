import GRDB

extension CityDatabase {
    /// The schema's history. Shipped migrations are never edited: a change is a new migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: features, dossiers, case history, search") { db in
            // rowid is the id the in-memory R-tree knows an entity by.
            try db.execute(sql: """
                CREATE TABLE feature (
                    rowid INTEGER PRIMARY KEY,
                    layer TEXT NOT NULL,
                    id TEXT NOT NULL,
                    geometry BLOB,
                    minX REAL, minY REAL, maxX REAL, maxY REAL,
                    properties TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(properties)),
                    category TEXT,
                    status TEXT,
                    zoneVersion INTEGER NOT NULL DEFAULT 1,
                    updatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                    UNIQUE (layer, id)
                );
                CREATE INDEX feature_layer_category_status ON feature(layer, category, status);

                -- 一店一档 / 一户一档: append-only dossier history of a storefront or structure.
                CREATE TABLE dossierRecord (
                    id INTEGER PRIMARY KEY,
                    layer TEXT NOT NULL,
                    entityID TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    date TEXT NOT NULL,
                    officer TEXT NOT NULL DEFAULT '',
                    note TEXT NOT NULL DEFAULT '',
                    attachments TEXT NOT NULL DEFAULT '[]',
                    FOREIGN KEY (layer, entityID) REFERENCES feature(layer, id) ON DELETE CASCADE
                );
                CREATE INDEX dossierRecord_entity ON dossierRecord(layer, entityID, date);

                -- The closed loop's audit trail: every transition of every case, never updated.
                CREATE TABLE caseTransition (
                    id INTEGER PRIMARY KEY,
                    caseID TEXT NOT NULL,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    event TEXT NOT NULL,
                    fromStatus TEXT,
                    toStatus TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX caseTransition_case ON caseTransition(caseID, at);
                CREATE TRIGGER caseTransition_append_only BEFORE UPDATE ON caseTransition
                BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;

                -- One row per import, so zones are versioned and an import can be traced.
                CREATE TABLE importRun (
                    id INTEGER PRIMARY KEY,
                    layer TEXT NOT NULL,
                    source TEXT NOT NULL,
                    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                    features INTEGER NOT NULL
                );

                -- Chinese substrings match with the trigram tokenizer (SQLite >= 3.34).
                CREATE VIRTUAL TABLE featureSearch USING fts5(text, layer UNINDEXED, id UNINDEXED, tokenize = 'trigram');
                """)
        }
        migrator.registerMigration("v2: covering index for the start-up load") { db in
            // Start-up reads every feature's filter fields and geometry, never its attributes (see
            // FeatureBody). This index holds exactly those columns, so the load scans it (~70 bytes
            // a row) instead of the table, whose case rows carry kilobytes of history each.
            try db.execute(sql: "CREATE INDEX feature_load ON feature(layer, id, category, status, zoneVersion, geometry)")
        }
        migrator.registerMigration("v3: one search index per layer, rowids the features'") { db in
            // Per layer so that a layer replaced by an import drops its index rather than deleting
            // its terms row by row, and an import can build the index beside the rows (see
            // SearchIndexBuilder). The layer names are written out: a migration never changes.
            for layer in ["grids", "parcels", "roads", "segments", "redlines", "storefronts", "structures", "cases"] {
                try db.execute(sql: "CREATE VIRTUAL TABLE search_\(layer) USING fts5(text, tokenize = 'trigram')")
                try db.execute(sql: """
                    INSERT INTO search_\(layer) (rowid, text)
                    SELECT f.rowid, s.text FROM featureSearch s JOIN feature f ON f.layer = s.layer AND f.id = s.id
                    WHERE s.layer = '\(layer)'
                    """)
            }
            try db.execute(sql: "DROP TABLE featureSearch")
        }
        migrator.registerMigration("v4: search indexes without positions") { db in
            // Empty indexes (every one of a new store) are made anew without positions; a filled
            // one keeps them until its layer is next imported, since rebuilding a million rows'
            // index here would hold up the first open for a minute, and LIKE searches answer the
            // same on both (see SearchIndex).
            for layer in ["grids", "parcels", "roads", "segments", "redlines", "storefronts", "structures", "cases"] {
                guard try Row.fetchOne(db, sql: "SELECT 1 FROM search_\(layer) LIMIT 1") == nil else { continue }
                try db.execute(sql: "DROP TABLE search_\(layer)")
                try db.execute(sql: "CREATE VIRTUAL TABLE search_\(layer) USING fts5(text, tokenize = 'trigram', detail = none)")
            }
        }
        migrator.registerMigration("v5: no index on category and status") { db in
            // No query reads features by category or status in SQL (memory keeps both per feature,
            // FeatureTags), so the index only cost every insert a third B-tree write.
            try db.execute(sql: "DROP INDEX IF EXISTS feature_layer_category_status")
        }
        migrator.registerMigration("v6: the change log several writers follow") { db in
            // One row per committed batch: which layers it reloaded and which entities it wrote
            // (ChangeLogEntry's JSON). A server follows the commits of every other process on the
            // file through it (CityStore.catchUp); AUTOINCREMENT so that a sequence is never reused.
            try db.execute(sql: """
                CREATE TABLE changeLog (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    entry TEXT NOT NULL
                )
                """)
        }
        migrator.registerMigration("v7: accounts, their tokens, the audit trail") { db in
            // Accounts live beside the data they guard, so the command line and every server on
            // the file see the same ones; a change to them is logged (ChangeLogEntry.accounts)
            // like any other write. Tokens keep the SHA-256 of their secret, never the secret.
            // roles: sorted names joined by commas; areas: a JSON array of AreaScope's printed
            // forms (which may hold commas). Instants: StoredTime's text, UTC milliseconds.
            try db.execute(sql: """
                CREATE TABLE accounts (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    unit TEXT NOT NULL DEFAULT '',
                    roles TEXT NOT NULL,
                    areas TEXT NOT NULL CHECK (json_valid(areas)),
                    created_at TEXT NOT NULL,
                    disabled_at TEXT
                );
                CREATE TABLE account_tokens (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES accounts(id),
                    digest TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    expires_at TEXT,
                    last_used_at TEXT,
                    revoked_at TEXT
                );
                CREATE INDEX account_tokens_account ON account_tokens(account_id);

                -- Who saw and did what (等级保护 asks for it to be kept and not altered): written in
                -- the transaction of the write it records, never updated or deleted, which the
                -- triggers enforce for every client of the file, sqlite3 included. AUTOINCREMENT
                -- so that a sequence is never reused.
                CREATE TABLE audit (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    account_id TEXT,
                    actor TEXT NOT NULL,
                    via TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT,
                    subject_id TEXT,
                    detail TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX audit_account ON audit(account_id, sequence);
                CREATE INDEX audit_actor ON audit(actor, sequence);
                CREATE INDEX audit_subject ON audit(subject, subject_id, sequence);
                CREATE INDEX audit_at ON audit(at);
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """)
        }
        migrator.registerMigration("v8: officers' tracks, the officers' search index") { db in
            // Officers are a layer (the roster; each one's feature moves with the last fix); the
            // fixes themselves are a track kept apart, append-only, and not tied to the feature by
            // a foreign key, so that importing the roster again keeps every track. Instants:
            // StoredTime's text.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE search_officers USING fts5(text, tokenize = 'trigram', detail = none);
                CREATE TABLE officerFix (
                    id INTEGER PRIMARY KEY,
                    officerID TEXT NOT NULL,
                    at TEXT NOT NULL,
                    x REAL NOT NULL,
                    y REAL NOT NULL,
                    accuracy REAL,
                    speed REAL
                );
                CREATE INDEX officerFix_track ON officerFix(officerID, at);
                CREATE TRIGGER officerFix_append_only BEFORE UPDATE ON officerFix
                BEGIN SELECT RAISE(ABORT, 'a track is append-only'); END;
                """)
        }
        migrator.registerMigration("v9: webhook subscriptions, their deliveries and dead letters") { db in
            // Outside the change log: a subscription's cursor moves with every delivery, and no
            // node's memory follows it; the delivering node reads these rows as they are. A lease
            // (leased_by, lease_until) lets one node of several deliver each subscription.
            try db.execute(sql: """
                CREATE TABLE subscription (
                    id TEXT PRIMARY KEY,
                    owner_account_id TEXT,
                    owner_name TEXT NOT NULL,
                    url TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    filter TEXT NOT NULL DEFAULT '',
                    created_at TEXT NOT NULL,
                    disabled_at TEXT,
                    cursor INTEGER NOT NULL,
                    failures INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at TEXT,
                    last_error TEXT,
                    delivered INTEGER NOT NULL DEFAULT 0,
                    leased_by TEXT,
                    lease_until TEXT
                );
                CREATE TABLE dead_letter (
                    id INTEGER PRIMARY KEY,
                    subscription_id TEXT NOT NULL REFERENCES subscription(id),
                    event_id INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    error TEXT NOT NULL,
                    at TEXT NOT NULL
                );
                CREATE INDEX dead_letter_subscription ON dead_letter(subscription_id, id);
                """)
        }
        migrator.registerMigration("v10: the event outbox, fences, the watches' start") { db in
            // Every event a stream or a webhook sends, in commit order. A case's steps are copied
            // in by a trigger, in the transaction that wrote them, so no writer (the command line
            // included) can record a step without its event; the steps already kept are copied
            // with their own ids, so streams' and subscriptions' cursors stay valid.
            try db.execute(sql: """
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    type TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL DEFAULT '',
                    from_status TEXT,
                    to_status TEXT,
                    note TEXT NOT NULL DEFAULT '',
                    fence TEXT,
                    once_key TEXT UNIQUE
                );
                INSERT INTO event (id, type, subject, at, actor, from_status, to_status, note)
                    SELECT id, 'case.' || event, caseID, at, actor, fromStatus, toStatus, note FROM caseTransition ORDER BY id;
                CREATE TRIGGER caseTransition_event AFTER INSERT ON caseTransition
                BEGIN
                    INSERT INTO event (type, subject, at, actor, from_status, to_status, note)
                    VALUES ('case.' || new.event, new.caseID, new.at, new.actor, new.fromStatus, new.toStatus, new.note);
                END;
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                BEGIN SELECT RAISE(ABORT, 'the event outbox is append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                BEGIN SELECT RAISE(ABORT, 'the event outbox is append-only'); END;
                CREATE TABLE event_watch (name TEXT PRIMARY KEY, since TEXT NOT NULL);
                ALTER TABLE subscription ADD COLUMN fence TEXT;
                """)
        }
        // v11 was set aside for the evidence photos (built beside this on another branch, which needed
        // no table in the end); it stays free, and GRDB applies a lower one added later all the same.
        migrator.registerMigration("v12: idempotency keys") { db in
            // The first answer to a write sent with an Idempotency-Key, per account and key, so a
            // repeat (a phone's offline queue sending again) is answered from here and writes
            // nothing. `status` is NULL while the first request runs; rows expire (24 h).
            try db.execute(sql: """
                CREATE TABLE idempotency_key (
                    account_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_hash TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    status INTEGER,
                    content_type TEXT,
                    body BLOB,
                    PRIMARY KEY (account_id, key)
                );
                CREATE INDEX idempotency_key_expiry ON idempotency_key(expires_at);
                """)
        }
        return migrator
    }
}
