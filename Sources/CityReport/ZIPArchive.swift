/// A ZIP archive of stored (uncompressed) entries, as PKWARE's APPNOTE.TXT 6.3 describes: a
/// local header and the data for each entry, then the central directory and its end record.
/// Enough for an Office Open XML package (ECMA-376 Part 2 allows stored parts); no ZIP64, so an
/// archive stays under 4 GiB, which a monthly report does by far. Every entry carries the same
/// fixed date (1980-01-01), so the same report gives the same bytes.
struct ZIPArchive {
    private var out: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(out.count)
        // Local file header (APPNOTE 4.3.7); bit 11 of the flags says the name is UTF-8.
        le32(&out, 0x0403_4b50); le16(&out, 20); le16(&out, 0x0800); le16(&out, 0)
        le16(&out, 0); le16(&out, Self.dosDate)
        le32(&out, crc); le32(&out, UInt32(data.count)); le32(&out, UInt32(data.count))
        le16(&out, UInt16(nameBytes.count)); le16(&out, 0)
        out += nameBytes
        out += data
        // Central directory file header (APPNOTE 4.3.12).
        le32(&directory, 0x0201_4b50); le16(&directory, 20); le16(&directory, 20); le16(&directory, 0x0800); le16(&directory, 0)
        le16(&directory, 0); le16(&directory, Self.dosDate)
        le32(&directory, crc); le32(&directory, UInt32(data.count)); le32(&directory, UInt32(data.count))
        le16(&directory, UInt16(nameBytes.count)); le16(&directory, 0); le16(&directory, 0)
        le16(&directory, 0); le16(&directory, 0); le32(&directory, 0); le32(&directory, offset)
        directory += nameBytes
        count += 1
    }

    /// The archive: entries, central directory, end of central directory record (APPNOTE 4.3.16).
    func bytes() -> [UInt8] {
        var result = out
        let directoryOffset = UInt32(result.count)
        result += directory
        le32(&result, 0x0605_4b50); le16(&result, 0); le16(&result, 0)
        le16(&result, UInt16(count)); le16(&result, UInt16(count))
        le32(&result, UInt32(directory.count)); le32(&result, directoryOffset); le16(&result, 0)
        return result
    }

    /// 1980-01-01 in MS-DOS date form: (year − 1980) << 9 | month << 5 | day.
    static let dosDate: UInt16 = 0 << 9 | 1 << 5 | 1
}

private func le16(_ b: inout [UInt8], _ v: UInt16) { b += [UInt8(v & 0xFF), UInt8(v >> 8)] }
private func le32(_ b: inout [UInt8], _ v: UInt32) { b += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
