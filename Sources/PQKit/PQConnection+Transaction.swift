internal import CLibPQ

extension PQConnection {
    /// Runs `body` between BEGIN and COMMIT and returns what it returns; on a throw, ROLLBACK and
    /// rethrow. The connection must not be inside a transaction already (a programmer error).
    ///
    /// A statement error that `body` catches and swallows still aborts the transaction on the
    /// server; COMMIT would then answer ROLLBACK without an error. That case throws 25P02
    /// (in_failed_sql_transaction) instead of reporting a commit that did not happen.
    public func transaction<T: ~Copyable>(_ body: () throws -> T) throws -> T {
        precondition(PQtransactionStatus(handle) == PQTRANS_IDLE, "transaction(_:) inside a transaction")
        try execute("BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            rollBack()
            throw error
        }
        if PQtransactionStatus(handle) == PQTRANS_INERROR {
            rollBack()
            throw PQError.statement(sqlState: "25P02",
                                    message: "a statement failed inside the transaction and its error was caught; rolled back",
                                    detail: nil, statement: "COMMIT")
        }
        try execute("COMMIT")
        return value
    }

    /// ROLLBACK when there is something to roll back and a connection to do it on; a failure here
    /// must not hide the error that caused it.
    private func rollBack() {
        guard !isConnectionBad, PQtransactionStatus(handle) != PQTRANS_IDLE else { return }
        _ = try? execute("ROLLBACK")
    }
}
