import GRDB

/// The full-text search index: one FTS5 table per layer (`search_storefronts`, …) whose rowids are
/// the features' rowids. Per layer, so that replacing a layer drops its index instead of deleting
/// its terms row by row, and so that a bulk import can build a layer's index beside the rows and
/// bring it in whole (`SearchIndexBuilder`). The trigram tokenizer matches Chinese substrings of
/// three characters or more.
enum SearchIndex {
    static func table(_ layer: Layer) -> String { "search_\(layer.rawValue)" }

    static func createSQL(named name: String) -> String {
        "CREATE VIRTUAL TABLE \(name) USING fts5(text, tokenize = 'trigram')"
    }

    /// FTS5's own tables behind a virtual table `X`: `X_data`, `X_idx`, …; together they are the
    /// whole index, so copying them copies it.
    static let shadowTables = ["data", "idx", "content", "docsize", "config"]

    static func add(_ layer: Layer, rowid: Int64, text: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO \(table(layer)) (rowid, text) VALUES (?, ?)").execute(arguments: [rowid, text])
    }

    static func remove(_ layer: Layer, rowid: Int64, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM \(table(layer)) WHERE rowid = ?").execute(arguments: [rowid])
    }

    /// Empties a layer's index: a new table, not a DELETE, which would tokenize every old row
    /// again to find the terms to remove.
    static func clear(_ layer: Layer, in db: Database) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(table(layer))")
        try db.execute(sql: createSQL(named: table(layer)))
    }

    /// Replaces a layer's index with the one built in the attached database `schema` (table `s`).
    static func replace(_ layer: Layer, withTableIn schema: String, in db: Database) throws {
        try clear(layer, in: db)
        let name = table(layer)
        for shadow in shadowTables {
            try db.execute(sql: "DELETE FROM \(name)_\(shadow)")
            try db.execute(sql: "INSERT INTO \(name)_\(shadow) SELECT * FROM \(schema).s_\(shadow)")
        }
    }
}
