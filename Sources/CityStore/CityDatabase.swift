import Foundation
import GRDB

/// The one owner of CityGrid's SQLite database: opens it (WAL, foreign keys), migrates it, and
/// hands out reads and write transactions. A file-backed `DatabasePool` in production lets the
/// server's readers run beside a writer; an in-memory `DatabaseQueue` serves tests through the same
/// migrator.
public struct CityDatabase: Sendable {
    let writer: any DatabaseWriter
    public let path: String
    /// From this many features on, a layer loaded whole gets its search index built on another
    /// thread (`SearchIndexBuilder`); tests lower it to exercise that path on small layers.
    var bulkSearchThreshold = 10_000
    /// Where those builders keep their scratch databases.
    var scratchDirectory = NSTemporaryDirectory()

    /// Opens (creating if needed) the database at `path`.
    public static func open(path: String) throws -> CityDatabase {
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            // Another process may hold the writer lock (the command line importing beside a
            // running server): wait for it rather than fail at once.
            config.busyMode = .timeout(30)
            config.prepareDatabase { db in
                // Durable on commit without fsync per statement: WAL with synchronous=NORMAL keeps
                // every committed transaction across a process kill (not across power loss, which
                // FULL would add at twice the commit cost).
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // 64 MiB of page cache (the default is 2): an import's index and search-index
                // pages otherwise spill to the WAL and are read back over and over.
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            let pool = try DatabasePool(path: path, configuration: config)
            return try CityDatabase(writer: pool, path: path)
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, reason: error.description)
        }
    }

    /// A private in-memory database, for tests and one-shot commands.
    public static func inMemory() throws -> CityDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try CityDatabase(writer: DatabaseQueue(configuration: config), path: ":memory:")
    }

    init(writer: any DatabaseWriter, path: String) throws {
        self.writer = writer
        self.path = path
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError.database(path: path, reason: "migration failed: \(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// One transaction: all of `body` commits, or none of it.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }
}
