/// JSON writing: compact, with `JSONWriter`'s spelling of strings and numbers. Members are written
/// in the order the object holds them (a server answer in the order it was built), or with
/// `sortingKeys` in `JSONWriter`'s key order at every level, which is how stored JSON is written:
/// stored text parsed and written back sorted is the same bytes. JSON has no NaN or infinity: they
/// are written as `null`, as JavaScript's `JSON.stringify` does.
extension JSONValue {
    public var jsonString: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text to `out` (for writers that stream a large document).
    public func write(to out: inout [UInt8], sortingKeys: Bool = false) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .number(let d):
            if d.isFinite { JSONWriter.number(d, to: &out) } else { out.append(contentsOf: "null".utf8) }
        case .string(let s): JSONWriter.string(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out, sortingKeys: sortingKeys)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            JSONWriter.members(o, sortingKeys: sortingKeys, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `s` as a quoted, escaped JSON string (`JSONWriter.string`).
    public static func writeString(_ s: String, to out: inout [UInt8]) { JSONWriter.string(s, to: &out) }
}
