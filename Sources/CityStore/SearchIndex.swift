import CityModel
import GRDB

/// The full-text search index: one FTS5 table per layer (`search_storefronts`, …) whose rowids are
/// the features' rowids. Per layer, so that replacing a layer drops its index instead of deleting
/// its terms row by row, and so that a bulk import can build a layer's index beside the rows and
/// bring it in whole (`SearchIndexBuilder`). The trigram tokenizer matches Chinese substrings of
/// three characters or more.
///
/// Without positions (`detail = none`): a search is a `LIKE` substring match, which FTS5 answers
/// from the trigrams and SQLite checks against the text, so positions are never read. Left out,
/// the index is a third of the size and a bulk build a sixth quicker. (A `MATCH` phrase query
/// needs positions and is refused on such a table; a store's filled indexes from before migration
/// v4 keep their positions until the layer is next imported, and `LIKE` answers the same on both.)
enum SearchIndex {
    static func table(_ layer: Layer) -> String { "search_\(layer.rawValue)" }

    static func createSQL(named name: String) -> String {
        "CREATE VIRTUAL TABLE \(name) USING fts5(text, tokenize = 'trigram', detail = none)"
    }

    /// The rowids and bm25 ranks of the layer's texts that contain `text` (ASCII letters in either
    /// case, as `LIKE` compares), best first. `%` and `_` in the text are wildcards to `LIKE`, and
    /// a virtual table is not offered `LIKE … ESCAPE`, so such a query is checked again here.
    /// Text shorter than a trigram cannot use the index: it scans the layer's texts, in rowid
    /// order, with an escaped pattern.
    static func matches(_ layer: Layer, containing text: String, limit: Int, in db: Database) throws -> [(rowid: Int64, rank: Double)] {
        let t = table(layer)
        guard text.count >= 3 else {
            var escaped = ""
            for c in text {
                if c == "%" || c == "_" || c == "\\" { escaped.append("\\") }
                escaped.append(c)
            }
            return try Row.fetchAll(db, sql: "SELECT rowid FROM \(t) WHERE text LIKE ? ESCAPE '\\' ORDER BY rowid LIMIT ?",
                                    arguments: ["%" + escaped + "%", limit]).map { ($0[0], 0) }
        }
        let literal = text.contains("%") || text.contains("_")
        let rows = try Row.fetchAll(db, sql: "SELECT rowid, rank, text FROM \(t) WHERE text LIKE ? ORDER BY rank LIMIT ?",
                                    arguments: ["%" + text + "%", literal ? -1 : limit])
        var hits: [(rowid: Int64, rank: Double)] = []
        for row in rows {
            if literal, !containsIgnoringASCIICase(row[2], text) { continue }
            hits.append((row[0], row[1]))
            if hits.count == limit { break }
        }
        return hits
    }

    /// `LIKE`'s comparison without its wildcards: a substring, ASCII letters folded.
    static func containsIgnoringASCIICase(_ haystack: String, _ needle: String) -> Bool {
        func folded(_ s: String) -> [UInt8] { s.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } }
        let h = folded(haystack), n = folded(needle)
        guard !n.isEmpty else { return true }
        guard h.count >= n.count else { return false }
        return (0...(h.count - n.count)).contains { i in h[i..<(i + n.count)].elementsEqual(n) }
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
