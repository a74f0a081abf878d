import CityStore
import Foundation
import GRDB
import PQKit
import Testing

/// The two storages, for tests that run the same code against both: SQLite in a temporary file,
/// and PostgreSQL in a database cloned from `citygrid_template` in the cluster scripts/test
/// starts (`CITYGRID_TEST_POSTGRES`; without it only SQLite runs, except on CI, where the
/// PostgreSQL cases run and fail).
public enum StorageBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgresql

    public static var available: [StorageBackend] { TestPostgres.isEnabled ? [.sqlite, .postgresql] : [.sqlite] }

    public var testDescription: String { rawValue }

    /// A new, empty place for data, opened as often as a test likes (each `open` is another
    /// connection, as another process would have).
    public final class Place: @unchecked Sendable {
        public let backend: StorageBackend
        public let location: String
        private let database: TestPostgres.Database?

        public init(_ backend: StorageBackend) throws {
            self.backend = backend
            switch backend {
            case .sqlite:
                database = nil
                location = FileManager.default.temporaryDirectory
                    .appendingPathComponent("citygrid-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).sqlite").path
            case .postgresql:
                let database = try TestPostgres.Database(prefix: "store")
                self.database = database
                location = database.uri
            }
        }

        deinit {
            guard backend == .sqlite else { return }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) }
        }

        public func open() throws -> any CityStorage {
            switch backend {
            case .sqlite: try CityDatabase.open(path: location)
            case .postgresql: try PostgresStorage.open(uri: location)
            }
        }

        public func store() throws -> CityStore { try CityStore(storage: open()) }

        /// Runs one SQL statement outside the store, as psql or sqlite3 would.
        public func executeRaw(sqlite: String, postgresql: String) throws {
            switch backend {
            case .sqlite: try DatabaseQueue(path: location).write { db in try db.execute(sql: sqlite) }
            case .postgresql: try PQConnection(uri: location).execute(postgresql)
            }
        }
    }

    public func place() throws -> Place { try Place(self) }
}
