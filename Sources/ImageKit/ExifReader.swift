import Foundation

/// Reads the EXIF block of a JPEG (APP1 "Exif"), a PNG (eXIf chunk) or a WebP (EXIF chunk): a
/// TIFF structure whose IFD0 points to the Exif IFD (times) and the GPS IFD (position).
///
/// Written here rather than asked of libvips because libvips hands EXIF back as display strings
/// ("31/1 14/1 2073/100 (31, 14, 20.73, Rational, 3, 24)"), and because the location check must
/// not depend on how one library version formats them. Every offset is bounds-checked: a broken
/// block gives fewer fields, never a crash or a refusal.
public enum ExifReader {
    public static func read(_ bytes: [UInt8], format: ImageFormat) -> PhotoExif {
        guard let tiff = tiffBlock(in: bytes, format: format) else { return PhotoExif() }
        return TIFFDirectory.exif(from: tiff)
    }

    /// The TIFF bytes of the EXIF block, without the "Exif\0\0" prefix.
    static func tiffBlock(in b: [UInt8], format: ImageFormat) -> ArraySlice<UInt8>? {
        switch format {
        case .jpeg:
            var i = 2
            while i + 4 <= b.count, b[i] == 0xFF {
                let marker = b[i + 1]
                if marker == 0xDA || marker == 0xD9 { return nil }  // start of scan / end: no EXIF before the pixels
                let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
                guard length >= 2, i + 2 + length <= b.count else { return nil }
                let body = b[(i + 4)..<(i + 2 + length)]
                if marker == 0xE1, let tiff = strippingExifHeader(body) { return tiff }
                i += 2 + length
            }
            return nil
        case .png:
            var i = 8
            while i + 12 <= b.count {
                let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
                let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
                guard length >= 0, i + 12 + length <= b.count else { return nil }
                if type == "eXIf" { return b[(i + 8)..<(i + 8 + length)] }
                if type == "IDAT" || type == "IEND" { return nil }
                i += 12 + length
            }
            return nil
        case .webp:
            var i = 12
            while i + 8 <= b.count {
                let type = String(decoding: b[i..<(i + 4)], as: UTF8.self)
                let length = Int(b[i + 4]) | Int(b[i + 5]) << 8 | Int(b[i + 6]) << 16 | Int(b[i + 7]) << 24
                guard i + 8 + length <= b.count else { return nil }
                let body = b[(i + 8)..<(i + 8 + length)]
                if type == "EXIF" { return strippingExifHeader(body) ?? body }
                i += 8 + length + (length & 1)
            }
            return nil
        case .heic:
            return nil  // EXIF in an ISO-BMFF item: not read; the photo is then "without position".
        }
    }

    static func strippingExifHeader(_ body: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let header: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]  // "Exif\0\0"
        guard body.count > 6, Array(body.prefix(6)) == header else { return nil }
        return body.dropFirst(6)
    }
}

/// A TIFF structure's directories, read for the handful of tags a location check needs.
struct TIFFDirectory {
    let bytes: ArraySlice<UInt8>
    let bigEndian: Bool

    static func exif(from tiff: ArraySlice<UInt8>) -> PhotoExif {
        let t = Array(tiff)
        guard t.count >= 8 else { return PhotoExif() }
        let reader: TIFFDirectory
        switch (t[0], t[1]) {
        case (0x49, 0x49): reader = TIFFDirectory(bytes: t[...], bigEndian: false)
        case (0x4D, 0x4D): reader = TIFFDirectory(bytes: t[...], bigEndian: true)
        default: return PhotoExif()
        }
        guard reader.u16(2) == 42, let ifd0Offset = reader.u32(4) else { return PhotoExif() }
        var exif = PhotoExif()
        let ifd0 = reader.entries(at: Int(ifd0Offset))
        exif.orientation = ifd0[0x0112].flatMap { reader.integer($0) }
        if let pointer = ifd0[0x8769].flatMap({ reader.integer($0) }) {
            let sub = reader.entries(at: pointer)
            exif.dateTimeOriginal = sub[0x9003].flatMap { reader.ascii($0) }
            exif.offsetTimeOriginal = sub[0x9011].flatMap { reader.ascii($0) }
        }
        if exif.dateTimeOriginal == nil { exif.dateTimeOriginal = ifd0[0x0132].flatMap { reader.ascii($0) } }
        if let pointer = ifd0[0x8825].flatMap({ reader.integer($0) }) {
            let gps = reader.entries(at: pointer)
            func degrees(_ value: Int, _ ref: Int, negative: String) -> Double? {
                guard let parts = gps[value].flatMap({ reader.rationals($0) }), parts.count == 3 else { return nil }
                let d = parts[0] + parts[1] / 60 + parts[2] / 3600
                let r = gps[ref].flatMap { reader.ascii($0) }?.uppercased()
                return r == negative ? -d : d
            }
            exif.latitude = degrees(2, 1, negative: "S")
            exif.longitude = degrees(4, 3, negative: "W")
        }
        return exif
    }

    struct Entry {
        var type: Int
        var count: Int
        /// Where the value's bytes start: inside the entry when they fit in four bytes.
        var valueOffset: Int
    }

    func u16(_ o: Int) -> Int? {
        guard o >= 0, o + 2 <= bytes.count else { return nil }
        let a = Int(bytes[bytes.startIndex + o]), b = Int(bytes[bytes.startIndex + o + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(_ o: Int) -> UInt32? {
        guard let hi = u16(bigEndian ? o : o + 2), let lo = u16(bigEndian ? o + 2 : o) else { return nil }
        return UInt32(hi) << 16 | UInt32(lo)
    }

    /// The entries of the directory at `offset`, by tag. A loop or an out-of-range count ends it.
    func entries(at offset: Int) -> [Int: Entry] {
        guard let n = u16(offset), n < 1000 else { return [:] }
        var out: [Int: Entry] = [:]
        for k in 0..<n {
            let e = offset + 2 + k * 12
            guard let tag = u16(e), let type = u16(e + 2), let count = u32(e + 4).map(Int.init) else { break }
            let size = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8][type] ?? 0
            guard size > 0, count < 1 << 20 else { continue }
            let inline = size * count <= 4
            guard let at = inline ? e + 8 : u32(e + 8).map(Int.init), at + size * count <= bytes.count else { continue }
            out[tag] = Entry(type: type, count: count, valueOffset: at)
        }
        return out
    }

    func integer(_ e: Entry) -> Int? {
        switch e.type {
        case 3: u16(e.valueOffset)
        case 4, 9: u32(e.valueOffset).map(Int.init)
        default: nil
        }
    }

    func ascii(_ e: Entry) -> String? {
        guard e.type == 2 || e.type == 7 else { return nil }
        let raw = bytes[(bytes.startIndex + e.valueOffset)..<(bytes.startIndex + e.valueOffset + e.count)]
        let text = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    func rationals(_ e: Entry) -> [Double]? {
        guard e.type == 5 || e.type == 10 else { return nil }
        return (0..<e.count).compactMap { k -> Double? in
            guard let num = u32(e.valueOffset + 8 * k), let den = u32(e.valueOffset + 8 * k + 4), den != 0 else { return nil }
            return e.type == 10 ? Double(Int32(bitPattern: num)) / Double(Int32(bitPattern: den)) : Double(num) / Double(den)
        }
    }
}
