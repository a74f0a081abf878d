import Foundation
import PQKit
import Testing
import TestSupport
@testable import CityStore

/// The two storages, for tests that run the same code against both: SQLite in a temporary file,
/// and PostgreSQL in a database cloned from `citygrid_template` in the cluster scripts/test
/// starts (`CITYGRID_TEST_POSTGRES`; without it only SQLite runs, except on CI, where the
/// PostgreSQL cases run and fail).
enum StorageBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgresql

    static var available: [StorageBackend] { TestPostgres.isEnabled ? [.sqlite, .postgresql] : [.sqlite] }

    var testDescription: String { rawValue }

    /// A new, empty place for data, opened as often as a test likes (each `open` is another
    /// connection, as another process would have).
    final class Place: @unchecked Sendable {
        let backend: StorageBackend
        let location: String
        private let database: TestPostgres.Database?

        init(_ backend: StorageBackend) throws {
            self.backend = backend
            switch backend {
            case .sqlite:
                database = nil
                location = CityStoreTests.temporaryPath()
            case .postgresql:
                let database = try TestPostgres.Database(prefix: "store")
                self.database = database
                location = database.uri
            }
        }

        func open() throws -> any CityStorage {
            switch backend {
            case .sqlite: try CityDatabase.open(path: location)
            case .postgresql: try PostgresStorage.open(uri: location)
            }
        }

        func store() throws -> CityStore { try CityStore(storage: open()) }

        /// Runs one SQL statement outside the store, as psql or sqlite3 would.
        func executeRaw(sqlite: String, postgresql: String) throws {
            switch backend {
            case .sqlite: try CityDatabase.open(path: location).write { db in try db.execute(sql: sqlite) }
            case .postgresql: try PQConnection(uri: location).execute(postgresql)
            }
        }
    }

    func place() throws -> Place { try Place(self) }
}
