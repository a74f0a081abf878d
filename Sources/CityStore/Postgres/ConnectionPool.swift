import Foundation
import PQKit
import Synchronization

/// A few connections to one database, lent one at a time (a libpq connection serves one thread
/// at a time). A connection found broken when lent is reset first: with a multi-host URI and
/// `target_session_attrs=read-write`, libpq then tries every host again and lands on the one
/// that is now the primary, which is how a node follows a failover. "Broken" includes a
/// connection whose server went away while it sat idle (`isUsable`), which libpq would otherwise
/// discover only by failing the next statement: a write after a quiet failover, for one.
final class ConnectionPool: Sendable {
    private let uri: String
    private let capacity: Int
    private let idle = Mutex<[PQConnection]>([])
    private let available: DispatchSemaphore

    init(uri: String, capacity: Int) {
        self.uri = uri
        self.capacity = capacity
        available = DispatchSemaphore(value: capacity)
    }

    /// Runs `body` on a connection of the pool. A connection that broke during `body` is reset
    /// before it is lent again.
    func withConnection<T>(_ body: (PQConnection) throws -> T) throws -> T {
        available.wait()
        defer { available.signal() }
        let lent = try checkOut()
        defer { idle.withLock { $0.append(lent) } }
        return try body(lent)
    }

    /// Runs an idempotent read, once more on a fresh connection if the first broke (a restarted
    /// or failed-over server closes every connection).
    func read<T>(_ body: (PQConnection) throws -> T) throws -> T {
        do {
            return try withConnection(body)
        } catch let error as PQError where error.isConnectionFailure {
            return try withConnection(body)
        }
    }

    private func checkOut() throws -> PQConnection {
        if let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isUsable() { try connection.reset() }
            return connection
        }
        return try PQConnection(uri: uri)
    }
}
