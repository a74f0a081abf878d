/// Every failure PQKit reports. Each case says where it happened: the server it tried (with the
/// password redacted), the statement it ran (its first 200 characters), the parameter or the
/// column it could not convert.
public enum PQError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `PQconnectdb` (or `PQreset`) did not reach a usable server. `target` is the connection
    /// URI with any password replaced by `***`; `message` is libpq's, one line per host it tried.
    case connect(target: String, message: String)
    /// The server refused a statement. `sqlState` is the five-character SQLSTATE
    /// (`PG_DIAG_SQLSTATE`); `detail` is `PG_DIAG_MESSAGE_DETAIL`, such as which key was duplicated.
    case statement(sqlState: String, message: String, detail: String?, statement: String)
    /// The connection broke (the server went away, the backend was terminated, the network
    /// failed). `reset()` reconnects; a multi-host URI may then land on another server.
    case connectionLost(message: String, statement: String)
    /// COPY ... FROM STDIN failed on the client's side of the protocol (`PQputCopyData` or
    /// `PQputCopyEnd` returned -1). Errors the server reports about the data are `.statement`.
    case copy(message: String, statement: String)
    /// A parameter that cannot be sent as it is (a text value with a NUL character, which
    /// PostgreSQL's text types cannot hold). `index` counts from 0; `$1` is index 0.
    case invalidParameter(index: Int, reason: String, statement: String)
    /// A value in a result that does not read as the type asked for (`int64` on "abc").
    case unexpectedValue(row: Int, column: String, expected: String, text: String)

    /// The SQLSTATE the server reported, when it reported one. A lost connection may carry none
    /// (the socket closed before an error message arrived).
    public var sqlState: String? {
        if case .statement(let sqlState, _, _, _) = self { return sqlState }
        return nil
    }

    /// 23505 unique_violation: an insert met an existing key.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// 40001 serialization_failure or 40P01 deadlock_detected: retrying the whole transaction
    /// may succeed.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The connection, not the statement, failed: reconnect (`reset()`) and retry. SQLSTATE class
    /// 08 (connection exception), 57P01 admin_shutdown (pg_terminate_backend, a fast shutdown),
    /// 57P02 crash_shutdown, 57P03 cannot_connect_now (the server is starting or in recovery).
    public var isConnectionFailure: Bool {
        switch self {
        case .connect, .connectionLost: return true
        case .statement(let sqlState, _, _, _):
            return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
        case .copy, .invalidParameter, .unexpectedValue: return false
        }
    }

    public var description: String {
        switch self {
        case .connect(let target, let message):
            "cannot connect to \(target): \(message)"
        case .statement(let sqlState, let message, let detail, let statement):
            "PostgreSQL error \(sqlState): \(message)\(detail.map { " (\($0))" } ?? "") in: \(statement)"
        case .connectionLost(let message, let statement):
            "connection to PostgreSQL lost: \(message)\(statement.isEmpty ? "" : " in: \(statement)")"
        case .copy(let message, let statement):
            "COPY failed: \(message) in: \(statement)"
        case .invalidParameter(let index, let reason, let statement):
            "parameter $\(index + 1): \(reason) in: \(statement)"
        case .unexpectedValue(let row, let column, let expected, let text):
            "row \(row), column \(column): expected \(expected), found \"\(text)\""
        }
    }

    /// A statement as errors quote it: its first 200 characters, enough to recognise it in a log
    /// without copying a whole generated INSERT.
    /// The statement that failed, as the error quotes it (the first 200 characters).
    public var failedStatement: String? {
        switch self {
        case .statement(_, _, _, let statement), .connectionLost(_, let statement), .copy(_, let statement),
             .invalidParameter(_, _, let statement): statement
        case .connect, .unexpectedValue: nil
        }
    }

    static func quoted(_ sql: String) -> String {
        sql.count <= 200 ? sql : String(sql.prefix(200)) + "…"
    }
}
