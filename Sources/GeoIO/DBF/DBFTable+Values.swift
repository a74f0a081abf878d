extension DBFTable {
    /// Reads and converts every field of record `index` (0-based). `record` is the 1-based number
    /// used in messages. Text that does not decode becomes a warning naming record and field, or
    /// an error when `strict`.
    func values(_ index: Int, record: Int, fields named: [DBFField], decoder: TextDecoder,
                strict: Bool, warnings: inout [GeoIOWarning]) throws(GeoIOError) -> [DBFValue] {
        var result: [DBFValue] = []
        result.reserveCapacity(named.count)
        for (i, field) in named.enumerated() {
            let raw = rawValue(index, field: i)
            switch field.type {
            case .number, .float:
                result.append(Self.number(raw, field: field, record: record, path: path, warnings: &warnings))
            case .logical:
                result.append(Self.logical(raw))
            case .date:
                result.append(Self.date(raw, field: field, record: record, path: path, warnings: &warnings))
            case .character, .memo, .other:
                let trimmed = Self.trimmed(raw, leading: field.type != .character)
                if trimmed.isEmpty { result.append(.null); continue }
                let (text, valid) = decoder.decode(trimmed)
                if !valid {
                    if strict {
                        throw .invalidText(path: path, record: record, field: field.name, encoding: decoder.encoding.iconvName)
                    }
                    warnings.append(GeoIOWarning(path: path, record: record, field: field.name,
                                                 message: "bytes are not valid \(decoder.encoding.iconvName); replaced by U+FFFD"))
                }
                result.append(.string(text))
            }
        }
        return result
    }

    /// Drops trailing blanks and NULs (dBASE pads with spaces; some writers with NULs).
    static func trimmed(_ raw: UnsafeRawBufferPointer, leading: Bool) -> UnsafeRawBufferPointer {
        var lo = 0, hi = raw.count
        while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0 { hi -= 1 }
        if leading { while lo < hi, raw[lo] == 0x20 { lo += 1 } }
        return UnsafeRawBufferPointer(rebasing: raw[lo..<hi])
    }

    static func ascii(_ raw: UnsafeRawBufferPointer) -> String {
        String(decoding: trimmed(raw, leading: true).bindMemory(to: UInt8.self), as: UTF8.self)
    }

    /// N and F: blank or asterisk-filled (dBASE's overflow mark) means null.
    static func number(_ raw: UnsafeRawBufferPointer, field: DBFField, record: Int, path: String,
                       warnings: inout [GeoIOWarning]) -> DBFValue {
        if field.holdsIntegers, let i = fastInteger(raw) { return .integer(i) }
        let s = ascii(raw)
        if s.isEmpty || s.first == "*" { return .null }
        if field.holdsIntegers, let i = Int(s) { return .integer(i) }
        if let d = Double(s) {
            // An integer column holding "3.0" or "1e3" still gets an Int when exact.
            if field.holdsIntegers, d == d.rounded(), abs(d) < 9.0e15 { return .integer(Int(d)) }
            return .double(d)
        }
        // Some writers use a decimal comma.
        if let d = Double(s.replacingComma()) { return .double(d) }
        warnings.append(GeoIOWarning(path: path, record: record, field: field.name, message: "'\(s)' is not a number; read as null"))
        return .null
    }

    /// Space-padded optional sign and digits, parsed without making a String (the common case
    /// of integer columns, which dominate large files); nil for anything else.
    @inline(__always)
    static func fastInteger(_ raw: UnsafeRawBufferPointer) -> Int? {
        var i = 0, n = raw.count
        while i < n, raw[i] == 0x20 { i += 1 }
        while n > i, raw[n - 1] == 0x20 { n -= 1 }
        guard i < n else { return nil }
        var negative = false
        if raw[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if raw[i] == UInt8(ascii: "+") { i += 1 }
        guard i < n, n - i <= 18 else { return nil }
        var v = 0
        while i < n {
            let d = Int(raw[i]) &- 48
            guard d >= 0, d <= 9 else { return nil }
            v = v &* 10 &+ d
            i += 1
        }
        return negative ? -v : v
    }

    /// The common D value, exactly eight ASCII digits, read without making Strings: a date or
    /// null (all zeros), as `date` reads it; nil for anything else, including impossible months
    /// and days, which `date` words as a warning.
    @inline(__always)
    static func eightDigitDate(_ raw: UnsafeRawBufferPointer) -> DBFValue? {
        guard raw.count == 8 else { return nil }
        var v = 0
        for b in raw {
            guard b >= 0x30, b <= 0x39 else { return nil }
            v = v * 10 + Int(b - 0x30)
        }
        if v == 0 { return .null }
        let y = v / 10_000, m = v / 100 % 100, d = v % 100
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        return .date(year: y, month: m, day: d)
    }

    static func logical(_ raw: UnsafeRawBufferPointer) -> DBFValue {
        guard let c = trimmed(raw, leading: true).first else { return .null }
        switch c {
        case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "Y"), UInt8(ascii: "y"): return .bool(true)
        case UInt8(ascii: "F"), UInt8(ascii: "f"), UInt8(ascii: "N"), UInt8(ascii: "n"): return .bool(false)
        default: return .null  // '?' is dBASE's "not initialised"
        }
    }

    /// D: YYYYMMDD; blank and 00000000 are null. GDAL also accepts YYYY/MM/DD and YYYY-MM-DD.
    static func date(_ raw: UnsafeRawBufferPointer, field: DBFField, record: Int, path: String,
                     warnings: inout [GeoIOWarning]) -> DBFValue {
        if let value = eightDigitDate(trimmed(raw, leading: true)) { return value }
        let s = ascii(raw)
        if s.isEmpty || s == "00000000" || s.allSatisfy({ $0 == "0" || $0 == " " }) { return .null }
        let digits = s.filter(\.isNumber)
        if digits.count == 8, s.count == 8 || s.count == 10,
           let y = Int(digits.prefix(4)), let m = Int(digits.dropFirst(4).prefix(2)), let d = Int(digits.suffix(2)),
           (1...12).contains(m), (1...31).contains(d) {
            return .date(year: y, month: m, day: d)
        }
        warnings.append(GeoIOWarning(path: path, record: record, field: field.name, message: "'\(s)' is not a YYYYMMDD date; read as null"))
        return .null
    }
}

extension String {
    fileprivate func replacingComma() -> String { String(map { $0 == "," ? "." : $0 }) }
}
