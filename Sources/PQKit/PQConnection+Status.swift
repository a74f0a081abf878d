internal import CLibPQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PQConnection {
    /// The connection is broken (`PQstatus` is CONNECTION_BAD): the server went away or the
    /// backend was terminated. `reset()` reconnects.
    public var isConnectionBad: Bool { PQstatus(handle) == CONNECTION_BAD }

    /// Whether the connection can take a command, after reading what the server sent while it
    /// sat idle. A server that went away (a killed primary, `pg_terminate_backend`) leaves its
    /// last message and an end of file on the socket, which libpq reads only when the connection
    /// is next used: until then `PQstatus` says CONNECTION_OK and the next statement fails.
    /// poll(2) without waiting tells whether anything arrived; `PQconsumeInput` reads it in
    /// (notifications stay queued for `PQnotifies`) and marks the connection CONNECTION_BAD at the
    /// end of file. For a pool, before it lends a connection: a few system calls, no round trip.
    public func isUsable() -> Bool {
        // The server's last message and the end of file may take one read each.
        for _ in 0..<4 {
            guard PQstatus(handle) == CONNECTION_OK else { return false }
            let socket = PQsocket(handle)
            guard socket >= 0 else { return false }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            // Nothing waiting, or poll itself failed (then the next command finds out).
            guard poll(&descriptor, 1, 0) > 0 else { return true }
            guard PQconsumeInput(handle) == 1 else { return false }
        }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Closes and reopens the connection with the same options (`PQreset`). With a multi-host
    /// URI libpq tries the hosts again in order, so after a failover this lands on the new
    /// primary (with target_session_attrs=read-write). Session state (LISTEN, SET) is lost.
    public func reset() throws(PQError) {
        PQreset(handle)
        if PQstatus(handle) != CONNECTION_OK {
            throw PQError.connect(target: target, message: errorMessage)
        }
    }

    /// "host:port" of the server this connection reached (`PQhost`, `PQport`): with a multi-host
    /// URI, the one that accepted it, for failover messages.
    public var serverAddress: String {
        let host = PQhost(handle).map { String(cString: $0) } ?? "?"
        let port = PQport(handle).map { String(cString: $0) } ?? "?"
        return "\(host):\(port)"
    }

    /// The process ID of the server backend serving this connection (`PQbackendPID`), as
    /// pg_stat_activity.pid and pg_terminate_backend know it.
    public var backendProcessID: Int32 { PQbackendPID(handle) }

    /// The server is a standby replaying WAL (`pg_is_in_recovery()`): it takes no writes.
    public func isInRecovery() throws(PQError) -> Bool {
        try execute("SELECT pg_is_in_recovery()").bool(0, 0) ?? false
    }

    /// A name quoted as an SQL identifier (`PQescapeIdentifier`), for the places parameters
    /// cannot go: LISTEN's channel, a table or database name.
    public func escapeIdentifier(_ name: String) throws(PQError) -> String {
        guard let escaped = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw PQError.invalidParameter(index: 0, reason: "cannot quote \(name) as an identifier: \(errorMessage)",
                                           statement: "PQescapeIdentifier")
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }
}
