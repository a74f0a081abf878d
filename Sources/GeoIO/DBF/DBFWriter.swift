import Foundation

/// Writes a .dbf (dBASE III, UTF-8 text declared by a .cpg beside it) record by record; the record
/// count in the header is patched in `finish()`.
final class DBFWriter {
    let path: String
    let fields: [DBFField]
    private let sink: FileSink
    private(set) var count = 0
    private let recordLength: Int

    init(path: String, finalPath: String, fields: [DBFField]) throws(GeoIOError) {
        self.path = finalPath
        self.fields = fields
        for f in fields {
            let ok: Bool
            switch f.type {
            case .character: ok = (1...254).contains(f.length)
            case .number, .float: ok = (1...20).contains(f.length) && f.decimals >= 0 && (f.decimals == 0 || f.decimals < f.length - 1)
            case .logical: ok = f.length == 1
            case .date: ok = f.length == 8
            case .memo, .other: ok = false
            }
            guard ok else {
                throw .badArgument(parameter: "fields[\(f.name)]", reason: "\(Character(Unicode.Scalar(f.type.code))) field of length \(f.length).\(f.decimals) cannot be written")
            }
        }
        recordLength = 1 + fields.reduce(0) { $0 + $1.length }
        guard recordLength <= 65535 else { throw .badArgument(parameter: "fields", reason: "records of \(recordLength) bytes exceed dBASE's 65535") }
        sink = try FileSink(path: path)
        try sink.write(header(count: 0))
    }

    private func header(count: Int) -> [UInt8] {
        var b = ByteBuffer()
        let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        b.bytes += [0x03, UInt8((now.year ?? 2000) - 1900), UInt8(now.month ?? 1), UInt8(now.day ?? 1)]
        b.uint32LE(count)
        b.uint16LE(32 + 32 * fields.count + 1)
        b.uint16LE(recordLength)
        b.zeros(17)
        b.bytes.append(0x00)  // language driver: none; the .cpg says UTF-8
        b.zeros(2)
        for f in fields {
            var name = Array(f.name.utf8.prefix(10))
            name += repeatElement(0, count: 11 - name.count)
            b.bytes += name
            b.bytes.append(f.type.code)
            b.zeros(4)
            b.bytes += [UInt8(f.length), UInt8(f.decimals)]
            b.zeros(14)
        }
        b.bytes.append(0x0D)
        return b.bytes
    }

    /// Writes one record; returns for each text value cut to its field width the full text.
    func write(_ values: [DBFValue], record: Int) throws(GeoIOError) -> [(field: String, text: String)] {
        guard values.count == fields.count else {
            throw .badValue(path: path, record: record, field: "*", reason: "\(values.count) values for \(fields.count) fields")
        }
        var row: [UInt8] = [0x20]
        row.reserveCapacity(recordLength)
        var cut: [(String, String)] = []
        for (f, v) in zip(fields, values) {
            switch f.type {
            case .character:
                let text: String? = v == .null ? nil : v.description
                var bytes = Array((text ?? "").utf8)
                if bytes.count > f.length {
                    bytes = Array(DBFFieldNames.prefix(text!, bytes: f.length).utf8)
                    cut.append((f.name, text!))
                }
                row += bytes + repeatElement(0x20, count: f.length - bytes.count)
            case .number, .float:
                row += try number(v, field: f, record: record)
            case .logical:
                switch v {
                case .bool(let b): row.append(b ? UInt8(ascii: "T") : UInt8(ascii: "F"))
                case .null: row.append(UInt8(ascii: "?"))
                default: throw .badValue(path: path, record: record, field: f.name, reason: "\(v) is not a Bool")
                }
            case .date:
                switch v {
                case .date(let y, let m, let d):
                    row += Array(DBFValue.isoDate(y, m, d).replacingOccurrences(of: "-", with: "").utf8.prefix(8))
                case .null: row += Array("00000000".utf8)
                default: throw .badValue(path: path, record: record, field: f.name, reason: "\(v) is not a date")
                }
            case .memo, .other: break
            }
        }
        try sink.write(row)
        count += 1
        return cut
    }

    private func number(_ v: DBFValue, field f: DBFField, record: Int) throws(GeoIOError) -> [UInt8] {
        let text: String
        switch v {
        case .null: return Array(repeating: UInt8(ascii: "*"), count: f.length)  // shapelib's null
        case .integer(let i): text = f.decimals > 0 ? String(format: "%.\(f.decimals)f", Double(i)) : String(i)
        case .double(let d):
            guard d.isFinite else { return Array(repeating: UInt8(ascii: "*"), count: f.length) }
            text = String(format: "%.\(f.decimals)f", d)
        case .bool(let b): text = b ? "1" : "0"
        default: throw .badValue(path: path, record: record, field: f.name, reason: "\(v) is not a number")
        }
        guard text.utf8.count <= f.length else {
            throw .badValue(path: path, record: record, field: f.name, reason: "\(text) does not fit in \(f.length) characters")
        }
        return Array(repeating: 0x20, count: f.length - text.utf8.count) + Array(text.utf8)
    }

    func finish() throws(GeoIOError) {
        try sink.write([0x1A])  // dBASE end-of-file mark
        var b = ByteBuffer()
        b.uint32LE(count)
        try sink.patch(at: 4, b.bytes)
        try sink.close()
    }
}
