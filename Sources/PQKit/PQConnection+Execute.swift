internal import CLibPQ

extension PQConnection {
    /// Runs one statement with parameters `$1`, `$2`, … (`PQexecParams`): values travel apart from
    /// the SQL, so nothing needs quoting. See `PQValue` for how each is sent. Rows come back in
    /// text format.
    ///
    /// One statement only (the extended protocol); for a script of several, `executeScript`.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PQValue?] = []) throws(PQError) -> PQResult {
        try execute(sql, parameters, resultFormat: .text)
    }

    /// The same, with the rows in the format asked for: `.binary` sends each value as its type's
    /// send function writes it (a bytea or a PostGIS geometry as its bytes, a bigint as 8 bytes),
    /// which saves the server the text and the client the parsing and unescaping of a large result.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PQValue?], resultFormat: PQResult.Format) throws(PQError) -> PQResult {
        let count = parameters.count
        var types = [Oid](repeating: 0, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        var formats = [Int32](repeating: 0, count: count)
        var values: [UnsafePointer<CChar>?] = []
        values.reserveCapacity(count)
        defer { values.forEach { $0?.deallocate() } }
        for (index, parameter) in parameters.enumerated() {
            switch parameter {
            case nil:
                values.append(nil)
            case .bytes(let bytes)?:
                // Binary format, typed bytea: the server takes the bytes as they are.
                precondition(bytes.count <= Int(Int32.max), "a bytea parameter over 2 GiB")
                types[index] = byteaOID
                formats[index] = 1
                lengths[index] = Int32(bytes.count)
                let copy = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
                bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawPointer(copy).copyMemory(from: raw.baseAddress ?? UnsafeRawPointer(copy), byteCount: raw.count)
                }
                values.append(UnsafePointer(copy))
            case let value?:
                // Text format: libpq sends up to the NUL, so a NUL inside would cut the value short.
                let text = value.text!
                if text.utf8.contains(0) {
                    throw PQError.invalidParameter(index: index, reason: "text contains a NUL character, which PostgreSQL text cannot hold",
                                                   statement: PQError.quoted(sql))
                }
                let bytes = text.utf8CString
                let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
                _ = UnsafeMutableBufferPointer(start: copy, count: bytes.count).initialize(from: bytes)
                values.append(UnsafePointer(copy))
            }
        }
        return try checked(sql, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK]) { handle in
            PQexecParams(handle, sql, Int32(count), types, values, lengths, formats, resultFormat.rawValue)
        }
    }

    /// Runs several statements separated by semicolons, without parameters (`PQexec`, the simple
    /// protocol), as one implicit transaction unless the script says BEGIN/COMMIT itself. The
    /// result is the last statement's.
    @discardableResult
    public func executeScript(_ sql: String) throws(PQError) -> PQResult {
        try checked(sql, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK]) { PQexec($0, sql) }
    }
}

/// pg_type.oid of bytea (a fixed OID in every PostgreSQL: catalog/pg_type.dat).
private let byteaOID: Oid = 17
