/// A JSON object written member by member into the caller's bytes; the caller gives the keys in
/// their sorted order.
struct ObjectWriter {
    private var first = true

    init(_ out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
    }

    mutating func key(_ name: StaticString, _ out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(contentsOf: "\":".utf8)
    }

    /// A text member; nil leaves the member out.
    mutating func text(_ name: StaticString, _ value: String?, _ out: inout [UInt8]) {
        guard let value else { return }
        key(name, &out)
        JSONNode.writeString(value, to: &out)
    }

    mutating func number(_ name: StaticString, _ value: Double, _ out: inout [UInt8]) throws {
        key(name, &out)
        try JSONNode.number(value, codingPath: []).write(to: &out)
    }

    func close(_ out: inout [UInt8]) {
        out.append(UInt8(ascii: "}"))
    }
}
