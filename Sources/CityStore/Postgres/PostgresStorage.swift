import CityModel
import Foundation
import GeoCore
import PQKit

/// PostgreSQL 15 + PostGIS 3 as the store's storage, for a city: several server nodes and the
/// command line on one database, a standby to fail over to, and GIS desks reading the layers'
/// views. Chosen by giving a connection URI where a store is asked for
/// (`--store postgresql://citygrid@127.0.0.1:5432/city`); SQLite stays the embedded default.
///
/// Through libpq (PQKit): synchronous like `CityStorage`, COPY for imports, LISTEN/NOTIFY to wake
/// followers, and multi-host URIs with `target_session_attrs=read-write` so that a node
/// reconnects to whichever server is the primary after a failover.
///
/// Three kinds of connection: one writer (writes are serialised by an advisory lock anyway), a
/// few readers (attributes read on first use, history, search), and one listener that waits for
/// the change log's notifications.
public final class PostgresStorage: @unchecked Sendable {
    /// The URI with its password left out, for messages and /healthz.
    public let location: String
    let writer: ConnectionPool
    let readers: ConnectionPool
    let listener: ConnectionPool
    /// The channel the writers notify (with the new sequence) as they commit.
    static let channel = "citygrid_changes"
    /// The advisory lock every writer takes first: "CGWR". Serialising the writers is what makes
    /// the change log's sequence the commit order, and lets a writer check that the memory its
    /// decision was made on is current.
    static let writerLock: Int64 = 0x4347_5752
    static let srid: Int32 = 4549

    /// True for the stores this storage opens: `postgresql://` or `postgres://` URIs.
    public static func accepts(_ store: String) -> Bool {
        store.hasPrefix("postgresql://") || store.hasPrefix("postgres://")
    }

    /// Connects (the first connection tells at once whether the database is reachable) and
    /// migrates the schema.
    public static func open(uri: String, readers: Int = 4) throws -> PostgresStorage {
        let storage = PostgresStorage(uri: uri, readers: readers)
        do {
            try storage.migrate()
        } catch let error as PQError {
            throw storeError(error, location: storage.location)
        }
        return storage
    }

    private init(uri: String, readers: Int) {
        location = Self.redacted(uri)
        writer = ConnectionPool(uri: uri, capacity: 1)
        self.readers = ConnectionPool(uri: uri, capacity: readers)
        listener = ConnectionPool(uri: uri, capacity: 1)
    }

    /// `postgresql://user:secret@host/db` → `postgresql://user@host/db`.
    static func redacted(_ uri: String) -> String {
        guard let scheme = uri.range(of: "://"), let at = uri[scheme.upperBound...].firstIndex(of: "@") else { return uri }
        let credentials = uri[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return uri }
        return String(uri[..<colon]) + String(uri[at...])
    }

    /// Runs `body`, turning PostgreSQL's errors into the store's.
    func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PQError {
            throw Self.storeError(error, location: location)
        }
    }

    /// A lost or refused connection is `unavailable` (worth retrying); any other failure is the
    /// database's answer.
    static func storeError(_ error: PQError, location: String) -> StoreError {
        error.isConnectionFailure ? .unavailable(path: location, reason: "\(error)") : .database(path: location, reason: "\(error)")
    }
}
