/// A value sent to PostgreSQL: a statement's parameter (`$1`, `$2`, …) or a COPY field. `nil`
/// (a `PQValue?` that is nil) is SQL NULL.
///
/// Everything but bytes goes in PostgreSQL's text format with the type left for the server to
/// infer from the statement (parameter type OID 0, as a literal in psql would be): so `$1` fits
/// an `integer` column, a `bigint`, a `timestamptz` or a function's `int4` argument alike. Where the
/// statement gives no context (`SELECT $1`), the server takes it as text: cast it (`$1::bigint`).
/// Bytes go in binary format, typed `bytea` (OID 17): no escaping, and every byte value survives.
public enum PQValue: Hashable, Sendable {
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case bytes([UInt8])

    public init(_ value: String) { self = .text(value) }
    public init(_ value: Int64) { self = .int(value) }
    public init(_ value: Int) { self = .int(Int64(value)) }
    public init(_ value: Double) { self = .double(value) }
    public init(_ value: Bool) { self = .bool(value) }
    public init(_ value: [UInt8]) { self = .bytes(value) }

    /// The text PostgreSQL's input functions read (int8in, float8in, boolin). Nil for bytes,
    /// which travel in binary.
    var text: String? {
        switch self {
        case .text(let value): value
        case .int(let value): String(value)
        case .double(let value): Self.text(of: value)
        case .bool(let value): value ? "t" : "f"
        case .bytes: nil
        }
    }

    /// float8in's spelling of a double. Swift's `description` is the shortest text that reads
    /// back to the same double, which float8in accepts, except for the special values.
    static func text(of value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }
}

extension PQValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
