internal import CLibPQ

extension PQConnection {
    /// Runs a `COPY table (columns) FROM STDIN` (text format, the default) and feeds it the rows
    /// `produce` writes. Returns the number of rows the server stored (the "COPY n" tag).
    /// One COPY is one statement: in autocommit, all its rows or none.
    ///
    /// If `produce` throws, the COPY is aborted with `PQputCopyEnd(conn, message)`: the server
    /// fails the statement, none of its rows stay, the connection remains usable, and the
    /// producer's error is rethrown. A row the server rejects (a bad value) fails the whole COPY
    /// with a `.statement` error once the data is sent (the server's message names the line).
    @discardableResult
    public func copyIn(_ sql: String, _ produce: (inout PQCopyWriter) throws -> Void) throws -> Int {
        _ = try checked(sql, expecting: [PGRES_COPY_IN]) { PQexec($0, sql) }
        var writer = PQCopyWriter(connection: self, statement: sql)
        do {
            try produce(&writer)
            try writer.flush()
        } catch {
            // After a failed PQputCopyData libpq has left COPY_IN and its results were read;
            // otherwise tell the server to fail the COPY, and read its (expected) error result.
            if !writer.hasFailed, PQputCopyEnd(handle, String("COPY aborted by the client: \(error)".prefix(1000))) == 1 {
                drainResults(sql)
            }
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw copyFailure(sql) }
        let result = try checked(sql, expecting: [PGRES_COMMAND_OK]) { handle in
            let pointer = PQgetResult(handle)
            if pointer != nil { drainResults(sql) }
            return pointer
        }
        return result.affectedRows ?? writer.rowCount
    }

    /// The error behind a failed `PQputCopyData` or `PQputCopyEnd` (libpq returns -1 when the
    /// connection broke or the COPY already ended): the server's error if one was received, else
    /// libpq's message. A row the server rejects is reported by the final result instead (libpq
    /// reads no error while it is in COPY_IN).
    func copyFailure(_ sql: String) -> PQError {
        if isConnectionBad { return .connectionLost(message: errorMessage, statement: PQError.quoted(sql)) }
        return drainResults(sql) ?? .copy(message: errorMessage, statement: PQError.quoted(sql))
    }
}
