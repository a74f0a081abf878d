/// A dBASE field type, by its one-letter code in the .dbf header.
public enum DBFFieldType: Hashable, Sendable {
    case character      // C: text, up to 254 bytes
    case number         // N: decimal text; Int when decimals == 0 and it fits, else Double
    case float          // F: like N
    case logical        // L: T/F/Y/N, '?' or blank = null
    case date           // D: YYYYMMDD
    case memo           // M: a block number into a .dbt file (not read)
    case other(UInt8)   // anything else, kept as text

    public init(code: UInt8) {
        switch code {
        case UInt8(ascii: "C"): self = .character
        case UInt8(ascii: "N"): self = .number
        case UInt8(ascii: "F"): self = .float
        case UInt8(ascii: "L"): self = .logical
        case UInt8(ascii: "D"): self = .date
        case UInt8(ascii: "M"): self = .memo
        default: self = .other(code)
        }
    }

    public var code: UInt8 {
        switch self {
        case .character: UInt8(ascii: "C")
        case .number: UInt8(ascii: "N")
        case .float: UInt8(ascii: "F")
        case .logical: UInt8(ascii: "L")
        case .date: UInt8(ascii: "D")
        case .memo: UInt8(ascii: "M")
        case .other(let c): c
        }
    }
}

/// One attribute column: its (possibly de-duplicated) name, type, width and decimals.
public struct DBFField: Hashable, Sendable {
    public var name: String
    public var type: DBFFieldType
    /// Width in bytes in each record.
    public var length: Int
    public var decimals: Int

    public init(name: String, type: DBFFieldType, length: Int, decimals: Int = 0) {
        self.name = name
        self.type = type
        self.length = length
        self.decimals = decimals
    }

    /// Integers up to 18 digits fit Int64 exactly; wider N fields are read as Double (as GDAL).
    var holdsIntegers: Bool { (type == .number || type == .float) && decimals == 0 && length < 19 }
}

/// One attribute value as read from (or written to) a .dbf record.
public enum DBFValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    /// A calendar date (D fields), kept as its parts so no time zone creeps in.
    case date(year: Int, month: Int, day: Int)

    public var description: String {
        switch self {
        case .null: "null"
        case .string(let s): s
        case .integer(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        case .date(let y, let m, let d): DBFValue.isoDate(y, m, d)
        }
    }

    /// `YYYY-MM-DD`, the form GDAL and GeoJSON use.
    static func isoDate(_ y: Int, _ m: Int, _ d: Int) -> String {
        // Every date a D field can hold fits ten ASCII bytes; made directly, as the padding below
        // costs several Strings per value (a date column is read on every record of an import).
        if (0...9999).contains(y), (0...99).contains(m), (0...99).contains(d) {
            return String(unsafeUninitializedCapacity: 10) { b in
                func put(_ v: Int, _ at: Int, _ n: Int) {
                    var v = v
                    for k in stride(from: at + n - 1, through: at, by: -1) { b[k] = UInt8(48 + v % 10); v /= 10 }
                }
                put(y, 0, 4); b[4] = UInt8(ascii: "-"); put(m, 5, 2); b[7] = UInt8(ascii: "-"); put(d, 8, 2)
                return 10
            }
        }
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: Swift.max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public var isNull: Bool { self == .null }
}
