internal import CLibPQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// LISTEN/NOTIFY (libpq, "Asynchronous Notification"): notifications arrive on the connection's
/// socket between commands; `PQconsumeInput` reads them in and `PQnotifies` hands them out.
extension PQConnection {
    public func listen(_ channel: String) throws(PQError) {
        try execute("LISTEN \(escapeIdentifier(channel))")
    }

    public func unlisten(_ channel: String) throws(PQError) {
        try execute("UNLISTEN \(escapeIdentifier(channel))")
    }

    /// Sends a notification (through `pg_notify`, so that channel and payload are parameters).
    /// Inside a transaction it is delivered at COMMIT.
    public func notify(channel: String, payload: String = "") throws(PQError) {
        try execute("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// The notifications that arrived, waiting up to `timeout` for the first one; empty when none
    /// came in time. Blocks the calling thread (poll(2) on `PQsocket`).
    public func waitForNotifications(timeout: Duration) throws(PQError) -> [PQNotification] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var received = try receivedNotifications()
        while received.isEmpty {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            let socket = PQsocket(handle)
            guard socket >= 0 else { throw PQError.connectionLost(message: errorMessage, statement: "") }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.milliseconds(rounding: remaining))
            if ready < 0 {
                if errno == EINTR { continue }
                throw PQError.connectionLost(message: "poll on the connection's socket failed: errno \(errno)", statement: "")
            }
            if ready > 0 { received = try receivedNotifications() }
        }
        return received
    }

    /// Reads what the socket holds (`PQconsumeInput`) and takes every queued notification
    /// (`PQnotifies`, each freed with `PQfreemem`), including any that arrived during an earlier
    /// command.
    private func receivedNotifications() throws(PQError) -> [PQNotification] {
        guard PQconsumeInput(handle) == 1 else {
            throw PQError.connectionLost(message: errorMessage, statement: "")
        }
        var received: [PQNotification] = []
        while let notify = PQnotifies(handle) {
            received.append(PQNotification(channel: String(cString: notify.pointee.relname),
                                           payload: String(cString: notify.pointee.extra),
                                           processID: notify.pointee.be_pid))
            PQfreemem(notify)
        }
        return received
    }

    /// poll(2)'s timeout: whole milliseconds, rounded up so that a wait never ends early.
    private static func milliseconds(rounding duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
