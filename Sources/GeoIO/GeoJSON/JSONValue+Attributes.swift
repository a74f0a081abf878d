import GeoCore

extension DBFValue {
    /// A GeoJSON property as an attribute: whole numbers that a Double holds exactly become Int;
    /// arrays and objects are kept as their JSON text.
    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let d):
            if d == d.rounded(), abs(d) <= 9_007_199_254_740_992, let i = Int(exactly: d) { self = .integer(i) } else { self = .double(d) }
        case .string(let s): self = .string(s)
        case .array, .object: self = .string(json.jsonString)
        }
    }

    /// The attribute as a GeoJSON property value (dates as "YYYY-MM-DD").
    var json: JSONValue {
        switch self {
        case .null: .null
        case .string(let s): .string(s)
        case .integer(let i): .number(Double(i))
        case .double(let d): d.isFinite ? .number(d) : .null
        case .bool(let b): .bool(b)
        case .date: .string(description)
        }
    }
}
