internal import CLibPQ

/// The rows of a `COPY … FROM STDIN` in PostgreSQL's text format, handed to `copyIn`'s producer.
///
/// The format (COPY, "Text Format"): one line per row, fields separated by a tab, `\N` for NULL;
/// inside a field a backslash, newline, carriage return and tab are written `\\`, `\n`, `\r`,
/// `\t`. A bytea field is its hex input form `\x…` with the backslash itself escaped (`\\x…`),
/// because COPY removes one level of backslashes before bytea's input function reads the field.
/// Rows are gathered into about 1 MiB before each `PQputCopyData`.
public struct PQCopyWriter: ~Copyable {
    private let connection: PQConnection
    private let statement: String
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    /// Rows completed so far.
    public private(set) var rowCount = 0
    /// A `PQputCopyData` failed: libpq is no longer in COPY_IN.
    private(set) var hasFailed = false

    static let flushSize = 1 << 20

    init(connection: PQConnection, statement: String) {
        self.connection = connection
        self.statement = statement
        buffer.reserveCapacity(Self.flushSize + 64 * 1024)
    }

    /// One row: the fields in the order of the COPY's column list.
    public mutating func row(_ values: PQValue?...) throws(PQError) {
        try row(values)
    }

    public mutating func row(_ values: [PQValue?]) throws(PQError) {
        for value in values { try append(value) }
        try endRow()
    }

    /// The next field of the current row (nil is NULL); `endRow()` closes the row.
    public mutating func append(_ value: PQValue?) throws(PQError) {
        if fieldsInRow > 0 { buffer.append(tab) }
        fieldsInRow += 1
        switch value {
        case nil:
            buffer.append(backslash)
            buffer.append(UInt8(ascii: "N"))
        case .text(let text)?:
            try appendEscaped(text)
        case .bytes(let bytes)?:
            buffer.append(backslash)
            buffer.append(backslash)
            buffer.append(UInt8(ascii: "x"))
            for byte in bytes {
                buffer.append(hexDigits[Int(byte >> 4)])
                buffer.append(hexDigits[Int(byte & 0x0F)])
            }
        case let value?:
            // Numbers and booleans hold no character that needs escaping.
            buffer.append(contentsOf: value.text!.utf8)
        }
    }

    public mutating func endRow() throws(PQError) {
        buffer.append(newline)
        fieldsInRow = 0
        rowCount += 1
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Sends what is gathered (`PQputCopyData`). A -1 means the COPY is over on libpq's side:
    /// usually the server already rejected a row, and that error is the one to report.
    mutating func flush() throws(PQError) {
        guard !buffer.isEmpty else { return }
        let status = buffer.withUnsafeBytes { raw in
            PQputCopyData(connection.handle, raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        }
        buffer.removeAll(keepingCapacity: true)
        if status != 1 {
            hasFailed = true
            throw connection.copyFailure(statement)
        }
    }

    private mutating func appendEscaped(_ text: String) throws(PQError) {
        for byte in text.utf8 {
            switch byte {
            case backslash: buffer.append(backslash); buffer.append(backslash)
            case newline: buffer.append(backslash); buffer.append(UInt8(ascii: "n"))
            case carriageReturn: buffer.append(backslash); buffer.append(UInt8(ascii: "r"))
            case tab: buffer.append(backslash); buffer.append(UInt8(ascii: "t"))
            case 0:
                throw PQError.invalidParameter(index: fieldsInRow - 1,
                                               reason: "row \(rowCount): text contains a NUL character, which PostgreSQL text cannot hold",
                                               statement: PQError.quoted(statement))
            default: buffer.append(byte)
            }
        }
    }
}

private let backslash = UInt8(ascii: "\\")
private let tab = UInt8(ascii: "\t")
private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let hexDigits = Array("0123456789abcdef".utf8)
