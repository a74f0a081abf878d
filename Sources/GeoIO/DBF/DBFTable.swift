/// A mapped .dbf file: header, field descriptors and fixed-width records, read on demand.
/// The field list is bounded by the header length (offset 8) and ends at 0x0D, or at 0x0A as some
/// old writers put it; records start at the header length, whatever the field list says.
///
/// @unchecked Sendable: everything is fixed once the reader has opened the set (`warnings` is
/// written only by `init` and `namedFields`, both before any record is read), so records can be
/// read from several threads at once.
final class DBFTable: @unchecked Sendable {
    let path: String
    let file: MappedFile
    let fields: [DBFField]
    /// Raw name bytes, so names can be re-decoded once the encoding is known.
    let rawNames: [[UInt8]]
    let fieldOffsets: [Int]
    let recordCount: Int
    let headerLength: Int
    let recordLength: Int
    let languageDriver: UInt8
    private(set) var warnings: [GeoIOWarning] = []

    init(path: String) throws(GeoIOError) {
        self.path = path
        file = try MappedFile(path: path)
        let v = ByteView(bytes: file.bytes)
        guard v.has(0, 32) else { throw .badHeader(path: path, reason: "file is \(v.count) bytes, shorter than the 32-byte dBASE header") }
        let version = v.uint8(0)
        // dBASE III..5, FoxPro, Visual FoxPro: the low 3 bits are the level (2..5) in every case.
        guard [0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB].contains(version) else {
            throw .badHeader(path: path, reason: "version byte 0x\(String(version, radix: 16)) is not a dBASE version")
        }
        var count = v.uint32LE(4)
        var headerLength = v.uint16LE(8)
        recordLength = v.uint16LE(10)
        languageDriver = v.uint8(29)
        if headerLength < 33 {
            // Some writers leave the header length 0; the 0x0D ending the field list still tells.
            var t = 32
            while t < v.count, v.uint8(t) != 0x0D { t += 32 }
            if t < v.count {
                warnings.append(GeoIOWarning(path: path, message: "header length field is \(headerLength); using \(t + 1) from the field-list terminator"))
                headerLength = t + 1
            }
        }
        self.headerLength = headerLength
        guard headerLength >= 33, headerLength <= v.count else {
            throw .badHeader(path: path, reason: "header length \(headerLength) outside 33...\(v.count) (file size)")
        }
        guard recordLength >= 1 else { throw .badHeader(path: path, reason: "record length is 0") }

        var fields: [DBFField] = [], names: [[UInt8]] = [], offsets: [Int] = []
        var offset = 32, position = 1  // byte 0 of each record is the deletion flag
        while offset + 32 <= headerLength, v.uint8(offset) != 0x0D, v.uint8(offset) != 0x0A {
            var name = [UInt8]()
            for i in 0..<11 {
                let b = v.uint8(offset + i)
                if b == 0 { break }
                name.append(b)
            }
            let typeCode = v.uint8(offset + 11)
            var width = Int(v.uint8(offset + 16)), decimals = Int(v.uint8(offset + 17))
            if typeCode == UInt8(ascii: "C") { width += decimals << 8; decimals = 0 }  // Clipper long C
            guard (0x20...0x7E).contains(typeCode) else {
                throw .badHeader(path: path, reason: "field \(fields.count + 1) has type byte 0x\(String(typeCode, radix: 16))")
            }
            fields.append(DBFField(name: "", type: DBFFieldType(code: typeCode), length: width, decimals: decimals))
            names.append(name)
            offsets.append(position)
            position += width
            offset += 32
        }
        guard position <= recordLength else {
            throw .badHeader(path: path, reason: "fields need \(position) bytes per record but the record length is \(recordLength)")
        }
        let available = (v.count - headerLength) / recordLength
        if available < count {
            warnings.append(GeoIOWarning(path: path, message: "header declares \(count) records but the file holds only \(available); reading \(available)"))
            count = available
        }
        self.fields = fields
        rawNames = names
        fieldOffsets = offsets
        recordCount = count
    }

    /// Field descriptors with names decoded and made unique (`NAME`, `NAME_1`, `NAME_2`...).
    func namedFields(decoder: TextDecoder) -> [DBFField] {
        var used = Set<String>(), result: [DBFField] = []
        for (i, raw) in rawNames.enumerated() {
            let decoded = raw.withUnsafeBytes { decoder.decode($0).text }.trimmingWhitespaceAndBOM()
            var name = decoded.isEmpty ? "FIELD_\(i + 1)" : decoded
            if used.contains(name.uppercased()) {
                var n = 1
                while used.contains("\(name)_\(n)".uppercased()) { n += 1 }
                warnings.append(GeoIOWarning(path: path, field: name, message: "duplicate column name renamed to \(name)_\(n)"))
                name = "\(name)_\(n)"
            }
            used.insert(name.uppercased())
            var f = fields[i]
            f.name = name
            result.append(f)
        }
        return result
    }

    private func recordStart(_ index: Int) -> Int { headerLength + index * recordLength }

    /// The record at 0-based `index` carries the '*' deletion flag.
    func isDeleted(_ index: Int) -> Bool {
        file.bytes[recordStart(index)] == UInt8(ascii: "*")
    }

    /// The raw bytes of field `field` in record `index`.
    func rawValue(_ index: Int, field: Int) -> UnsafeRawBufferPointer {
        ByteView(bytes: file.bytes).slice(recordStart(index) + fieldOffsets[field], fields[field].length)
    }
}
