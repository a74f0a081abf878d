internal import CLibPQ

/// One connection to PostgreSQL through libpq (`PGconn`).
///
/// Why libpq and not PostgresNIO, the Swift server ecosystem's client:
/// - The store it serves is synchronous: `CityStorage` is called from worker threads that do their
///   own scheduling (an import's writer, a query's worker), like GRDB's SQLite today. libpq's
///   blocking calls fit that directly; PostgresNIO is async only and would need an event loop
///   and a bridge on every call.
/// - COPY ... FROM STDIN, the fast path for a million-shop import (`PQputCopyData`), and
///   LISTEN/NOTIFY (`PQnotifies`), both first-class in libpq.
/// - Failover: libpq takes a multi-host URI (`postgresql://u@a:5432,b:5432/city?
///   target_session_attrs=read-write`), tries the hosts in order and keeps the one that accepts
///   writes; `reset()` after a lost connection finds the new primary the same way. PostgresNIO
///   connects to one host and has no multi-host failover.
/// - libpq is PostgreSQL's own client, installed with the server's packages (libpq-dev); it speaks
///   every protocol feature and authentication method the server does.
///
/// Threads: a `PGconn` must be used by one thread at a time (libpq is thread-safe only across
/// connections). The class is `@unchecked Sendable` so that a connection can be handed to a
/// worker or kept in a pool; the caller guarantees one thread at a time, as with a file handle.
///
/// Ownership: the connection owns its `PGconn` from `init` to `deinit`, where `PQfinish` is
/// called, and nowhere else (a failed `init` ends in `deinit` too).
public final class PQConnection: @unchecked Sendable {
    let handle: OpaquePointer
    /// The URI as errors show it (password redacted).
    let target: String

    /// Connects with a libpq connection URI or `key=value` string (`PQconnectdbParams` with
    /// `expand_dbname`), for example a multi-host one for failover:
    /// `postgresql://citygrid@10.0.0.1:5432,10.0.0.2:5432/city?target_session_attrs=read-write&connect_timeout=2`.
    ///
    /// The client encoding is always UTF8 (Swift strings are UTF-8), and `application_name`
    /// defaults to "citygrid" (visible in pg_stat_activity); both ride in the connection options,
    /// so that `reset()` keeps them.
    public init(uri: String) throws(PQError) {
        target = ConnectionTarget.redacted(uri)
        // Keywords after the expanded "dbname" override what the URI says (libpq processes
        // them in order), so client_encoding is UTF8 whatever the URI or PGCLIENTENCODING says.
        let keywords = ["dbname", "client_encoding", "fallback_application_name"]
        let values = [uri, "UTF8", "citygrid"]
        let connection = keywords.withCStrings { keywords in
            values.withCStrings { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            // PQconnectdbParams returns NULL only when it cannot allocate its PGconn.
            fatalError("PQconnectdbParams returned NULL (out of memory)")
        }
        handle = connection
        // libpq prints the server's notices ("relation … already exists, skipping") on standard
        // error by default, in the middle of a command's own output; they are informational.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        if PQstatus(handle) != CONNECTION_OK {
            throw PQError.connect(target: target, message: errorMessage)
        }
    }

    deinit {
        PQfinish(handle)
    }

    /// libpq's last error for this connection (`PQerrorMessage`), without its final newline.
    var errorMessage: String {
        guard let message = PQerrorMessage(handle) else { return "no message from libpq" }
        let text = String(cString: message).trimmingTrailingNewlines()
        return text.isEmpty ? "no message from libpq" : text
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline || last == " " { text = text.dropLast() }
        return String(text)
    }
}

extension Array where Element == String {
    /// The strings as a NULL-terminated `const char *const *`, valid inside `body`.
    func withCStrings<Result>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
        let copies = map { string in
            let bytes = string.utf8CString
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
            _ = UnsafeMutableBufferPointer(start: copy, count: bytes.count).initialize(from: bytes)
            return copy
        }
        defer { copies.forEach { $0.deallocate() } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
