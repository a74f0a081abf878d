internal import CLibPQ

/// The one place where libpq's results become `PQResult` or `PQError` (as GEOSKit's
/// `GEOSContext+Call.swift` does for GEOS). libpq reports a failure two ways: a NULL result
/// (out of memory, or the command could not be sent: the reason is in `PQerrorMessage`), or a
/// result whose status is not the one the call expects (`PGRES_FATAL_ERROR` with the server's
/// fields: `PQresultErrorField`).
extension PQConnection {
    func checked(_ sql: String, expecting expected: [ExecStatusType],
                 _ body: (OpaquePointer) -> OpaquePointer?) throws(PQError) -> PQResult {
        guard let pointer = body(handle) else {
            throw isConnectionBad
                ? PQError.connectionLost(message: errorMessage, statement: PQError.quoted(sql))
                : PQError.statement(sqlState: "", message: errorMessage, detail: nil, statement: PQError.quoted(sql))
        }
        let result = PQResult(pointer)
        if expected.contains(PQresultStatus(pointer)) { return result }
        throw error(from: result, sql)
    }

    /// The error a failed result carries. A lost connection wins over the SQLSTATE: after
    /// pg_terminate_backend the last result says 57P01 and the connection is already unusable.
    func error(from result: borrowing PQResult, _ sql: String) -> PQError {
        let message = result.errorField(PG_DIAG_MESSAGE_PRIMARY)
            ?? result.errorMessage
            ?? "\(String(cString: PQresStatus(PQresultStatus(result.pointer)))) where a different result was expected"
        let sqlState = result.errorField(PG_DIAG_SQLSTATE) ?? ""
        if isConnectionBad {
            let text = sqlState.isEmpty ? message : "\(message) (SQLSTATE \(sqlState))"
            return .connectionLost(message: text, statement: PQError.quoted(sql))
        }
        return .statement(sqlState: sqlState, message: message, detail: result.errorField(PG_DIAG_MESSAGE_DETAIL),
                          statement: PQError.quoted(sql))
    }

    /// Reads and frees the results libpq still holds for the last command, until it returns NULL
    /// (after a COPY, libpq must be read to the end before the next command). Returns the error of
    /// the first failed one.
    @discardableResult
    func drainResults(_ sql: String) -> PQError? {
        var first: PQError?
        while let pointer = PQgetResult(handle) {
            let result = PQResult(pointer)
            let status = PQresultStatus(pointer)
            if first == nil, status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE {
                first = error(from: result, sql)
            }
            // In COPY_IN state PQgetResult keeps answering COPY_IN; it cannot be drained here.
            if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH { break }
        }
        return first
    }
}

/// The diagnostic fields of postgres_ext.h are character constants ('C', 'M', 'D'), which Swift
/// imports as Int32 when it imports them at all; spelled here once.
let PG_DIAG_SQLSTATE = Int32(UInt8(ascii: "C"))
let PG_DIAG_MESSAGE_PRIMARY = Int32(UInt8(ascii: "M"))
let PG_DIAG_MESSAGE_DETAIL = Int32(UInt8(ascii: "D"))
