internal import CLibPQ

/// The rows (or the command tag) a statement returned: owns its `PGresult`, freed with `PQclear`
/// when the value dies. Values come in PostgreSQL's text format and are read by row and column
/// index, both from 0; a row or column out of range is a programmer error (precondition).
///
/// `~Copyable` because it owns a C allocation; `Sendable` because a `PGresult` is read-only once
/// made and libpq lets any thread read it.
public struct PQResult: ~Copyable, @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }

    public var rowCount: Int { Int(PQntuples(pointer)) }
    public var columnCount: Int { Int(PQnfields(pointer)) }

    /// The rows an INSERT, UPDATE, DELETE, MERGE, SELECT or COPY touched (`PQcmdTuples`); nil
    /// for a command that reports no count (CREATE TABLE, BEGIN).
    public var affectedRows: Int? { Int(String(cString: PQcmdTuples(pointer))) }

    /// The command tag, such as "INSERT 0 1" or "COPY 100000" (`PQcmdStatus`).
    public var commandTag: String { String(cString: PQcmdStatus(pointer)) }

    public func columnName(_ column: Int) -> String {
        checkColumn(column)
        return String(cString: PQfname(pointer, Int32(column)))
    }

    /// The index of the column with this name (`PQfnumber`: case-folded unless double-quoted, as
    /// in SQL), or nil.
    public func column(named name: String) -> Int? {
        let index = PQfnumber(pointer, name)
        return index < 0 ? nil : Int(index)
    }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        check(row, column)
        return PQgetisnull(pointer, Int32(row), Int32(column)) == 1
    }

    /// The value as text (UTF-8), nil for NULL.
    public func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column) else { return nil }
        return String(decoding: rawBytes(row, column), as: UTF8.self)
    }

    /// An integer column (smallint, integer, bigint, or text holding one), nil for NULL.
    public func int64(_ row: Int, _ column: Int) throws(PQError) -> Int64? {
        guard let text = string(row, column) else { return nil }
        guard let value = Int64(text) else { throw unexpected(row, column, "an integer", text) }
        return value
    }

    public func int(_ row: Int, _ column: Int) throws(PQError) -> Int? {
        try int64(row, column).map { Int($0) }
    }

    /// A float8, float4 or numeric column, nil for NULL. float8out writes the shortest text that
    /// reads back exactly (extra_float_digits 1, the default since PostgreSQL 12).
    public func double(_ row: Int, _ column: Int) throws(PQError) -> Double? {
        guard let text = string(row, column) else { return nil }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let value = Double(text) else { throw unexpected(row, column, "a number", text) }
            return value
        }
    }

    /// A boolean column ("t" or "f" in text format), nil for NULL.
    public func bool(_ row: Int, _ column: Int) throws(PQError) -> Bool? {
        guard let text = string(row, column) else { return nil }
        switch text {
        case "t": return true
        case "f": return false
        default: throw unexpected(row, column, "a boolean (t or f)", text)
        }
    }

    /// A bytea column, nil for NULL. In text format the server writes bytea as `\x` and hex
    /// (bytea_output 'hex') or in the old escape format; `PQunescapeBytea` reads both.
    public func bytes(_ row: Int, _ column: Int) -> [UInt8]? {
        guard !isNull(row, column) else { return nil }
        if PQfformat(pointer, Int32(column)) == 1 { return Array(rawBytes(row, column)) }
        var length = 0
        guard let decoded = PQunescapeBytea(PQgetvalue(pointer, Int32(row), Int32(column)), &length) else {
            // PQunescapeBytea fails only when it cannot allocate.
            fatalError("PQunescapeBytea returned NULL (out of memory)")
        }
        defer { PQfreemem(decoded) }
        return Array(UnsafeBufferPointer(start: decoded, count: length))
    }

    // MARK: - Internals

    /// The value's bytes as libpq holds them (valid while the result lives).
    private func rawBytes(_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8> {
        let length = Int(PQgetlength(pointer, Int32(row), Int32(column)))
        let raw = UnsafeRawPointer(PQgetvalue(pointer, Int32(row), Int32(column))!)
        return UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: length)
    }

    private func check(_ row: Int, _ column: Int) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of 0..<\(rowCount)")
        checkColumn(column)
    }

    private func checkColumn(_ column: Int) {
        precondition(column >= 0 && column < columnCount, "column \(column) out of 0..<\(columnCount)")
    }

    private func unexpected(_ row: Int, _ column: Int, _ expected: String, _ text: String) -> PQError {
        .unexpectedValue(row: row, column: columnName(column), expected: expected, text: text)
    }

    /// One diagnostic field of a failed result (`PQresultErrorField`), nil when absent.
    func errorField(_ code: Int32) -> String? {
        PQresultErrorField(pointer, code).map { String(cString: $0) }
    }

    /// The whole error text (`PQresultErrorMessage`), nil when empty.
    var errorMessage: String? {
        guard let message = PQresultErrorMessage(pointer) else { return nil }
        let text = String(cString: message).trimmingTrailingNewlines()
        return text.isEmpty ? nil : text
    }
}
