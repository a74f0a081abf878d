internal import CLibPQ

/// The rows (or the command tag) a statement returned: owns its `PGresult`, freed with `PQclear`
/// when the value dies. Values come in PostgreSQL's text format, or its binary format when the
/// statement asked for it (`execute(_:_:resultFormat:)`); the accessors read either. They read by
/// row and column index, both from 0; a row or column out of range is a programmer error
/// (precondition).
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

    /// The format rows come in (`PQexecParams`' resultFormat).
    public enum Format: Int32, Sendable {
        case text = 0
        case binary = 1
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

    /// The value as text (UTF-8), nil for NULL. In binary format a text, varchar or name value
    /// is its bytes too (textsend).
    public func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column) else { return nil }
        return String(decoding: rawBytes(row, column), as: UTF8.self)
    }

    /// An integer column (smallint, integer, bigint, or text holding one), nil for NULL. In binary
    /// format an integer is 2, 4 or 8 bytes in network byte order (int2send, int4send, int8send).
    public func int64(_ row: Int, _ column: Int) throws(PQError) -> Int64? {
        guard !isNull(row, column) else { return nil }
        if isBinary(column, of: int2OID, int4OID, int8OID) {
            let raw = rawBytes(row, column)
            switch raw.count {
            case 2: return Int64(Int16(bitPattern: UInt16(bigEndianBytes: raw)))
            case 4: return Int64(Int32(bitPattern: UInt32(bigEndianBytes: raw)))
            case 8: return Int64(bitPattern: UInt64(bigEndianBytes: raw))
            default: throw unexpected(row, column, "a 2-, 4- or 8-byte integer", "\(raw.count) bytes")
            }
        }
        guard let text = string(row, column) else { return nil }
        guard let value = Int64(text) else { throw unexpected(row, column, "an integer", text) }
        return value
    }

    public func int(_ row: Int, _ column: Int) throws(PQError) -> Int? {
        try int64(row, column).map { Int($0) }
    }

    /// A float8, float4 or numeric column, nil for NULL. float8out writes the shortest text that
    /// reads back exactly (extra_float_digits 1, the default since PostgreSQL 12).
    /// In binary format a float8 is its 8 IEEE 754 bytes in network byte order (float8send), a
    /// float4 its 4.
    public func double(_ row: Int, _ column: Int) throws(PQError) -> Double? {
        guard !isNull(row, column) else { return nil }
        if isBinary(column, of: float4OID, float8OID) {
            let raw = rawBytes(row, column)
            switch raw.count {
            case 8: return Double(bitPattern: UInt64(bigEndianBytes: raw))
            case 4: return Double(Float(bitPattern: UInt32(bigEndianBytes: raw)))
            default: throw unexpected(row, column, "a float8 or float4", "\(raw.count) bytes")
            }
        }
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
    /// In binary format one byte, 1 or 0 (boolsend).
    public func bool(_ row: Int, _ column: Int) throws(PQError) -> Bool? {
        guard !isNull(row, column) else { return nil }
        if isBinary(column, of: boolOID) {
            let raw = rawBytes(row, column)
            guard raw.count == 1 else { throw unexpected(row, column, "a 1-byte boolean", "\(raw.count) bytes") }
            return raw[0] != 0
        }
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

    /// Lends a binary-format value's bytes without copying them (valid only inside `body`); nil
    /// for NULL. For a bytea, or a PostGIS geometry (its EWKB, geometry_send), read in binary
    /// format: text-format values are lent as their text.
    public func withBytes<T, E: Error>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer?) throws(E) -> T) throws(E) -> T {
        guard !isNull(row, column) else { return try body(nil) }
        return try body(UnsafeRawBufferPointer(rawBytes(row, column)))
    }

    // MARK: - Internals

    /// True when the column comes in binary format and is of one of `types` (a text column
    /// holding a number is read as text in either format).
    private func isBinary(_ column: Int, of a: Oid, _ b: Oid = 0, _ c: Oid = 0) -> Bool {
        guard PQfformat(pointer, Int32(column)) == 1 else { return false }
        let type = PQftype(pointer, Int32(column))
        return type == a || type == b || type == c
    }

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

/// pg_type.oid of the types read in binary here (fixed in every PostgreSQL: catalog/pg_type.dat).
private let boolOID: Oid = 16, int8OID: Oid = 20, int2OID: Oid = 21, int4OID: Oid = 23
private let float4OID: Oid = 700, float8OID: Oid = 701

extension FixedWidthInteger where Self: UnsignedInteger {
    /// The integer of `bytes.count` bytes in network byte order (the binary format's).
    init(bigEndianBytes bytes: UnsafeBufferPointer<UInt8>) {
        var value: Self = 0
        for byte in bytes { value = value << 8 | Self(byte) }
        self = value
    }
}
