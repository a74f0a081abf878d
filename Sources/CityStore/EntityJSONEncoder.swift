import CityModel
import Foundation
import GeoCore

/// Encodes a `Codable` value to the exact bytes Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` and `CityTime.encodingStrategy` dates, several times faster: an import
/// encodes a million entities, and Foundation's encoder (boxed values, a dynamic cast per value, a
/// second pass to serialise) was most of its time. The stored text is compared in tests and served
/// as ETags, so the two must not differ by a byte; a test holds them equal on every entity type.
///
/// Values are collected into a small tree (objects must be sorted before they are written, and a
/// nested container may still be filled after its parent has moved on), then written once.
struct EntityJSONEncoder {
    /// A string-to-string object (an import's extra columns) in sorted-key order, written without
    /// the encoder's tree: every imported feature has one.
    func encode(_ object: [String: String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (k, (key, value)) in object.sorted(by: { JSONObjectBox.precedes($0.key, $1.key) }).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONNode.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONNode.writeString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node = try JSONNode.encoding(value, codingPath: [])
        var out: [UInt8] = []
        out.reserveCapacity(512)
        node.write(to: &out)
        return out
    }
}

/// One JSON value as encoded; objects and arrays are classes so that containers handed out by an
/// encoder can keep adding to them.
enum JSONNode {
    case null
    case bool(Bool)
    /// Number text as Foundation writes it.
    case number(String)
    case string(String)
    case object(JSONObjectBox)
    case array(JSONArrayBox)
    /// What a `superEncoder()` was given, known only once its user has finished.
    case deferred(NodeEncoder)

    static func encoding<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONNode {
        if let fast = try scalar(value, codingPath: codingPath()) { return fast }
        let encoder = NodeEncoder(codingPath: codingPath())
        try value.encode(to: encoder)
        return encoder.node
    }

    /// The values Foundation encodes itself rather than through their own `encode(to:)`, and the
    /// common scalars (a shortcut past creating an encoder). Metatypes are compared, not values
    /// cast: most values reaching here are structs, and a failed dynamic cast is not free.
    static func scalar<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONNode? {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .number(String(value as! Int)) }
        if T.self == Double.self { return try number(value as! Double, codingPath: codingPath()) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Date.self { return .string(iso8601(value as! Date)) }
        if T.self == Float.self { return try number(value as! Float, codingPath: codingPath()) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return .number((value as! Decimal).description) }
        return nil
    }

    /// Foundation's spelling: the shortest round-trip text, without a trailing ".0".
    static func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ v: F, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONNode {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: codingPath(), debugDescription: "Unable to encode \(v) directly in JSON."))
        }
        var text = v.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    /// `2026-11-29T19:39:03+08:00`: CityGrid's one way of writing a time (`CityTime`), whole seconds.
    static func iso8601(_ date: Date) -> String { CityTime.timestamp(date) }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .deferred(let encoder): encoder.node.write(to: &out)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let box):
            out.append(UInt8(ascii: "["))
            for (k, item) in box.items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let box):
            out.append(UInt8(ascii: "{"))
            var first = true
            for m in box.sortedOrder() {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.writeString(box.members[m].key, to: &out)
                out.append(UInt8(ascii: ":"))
                box.members[m].value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Foundation's escaping with `.withoutEscapingSlashes` is GeoCore's JSON writer's: quote,
    /// backslash, the named control characters, other controls as `\u00XX`, the rest raw UTF-8.
    static func writeString(_ s: String, to out: inout [UInt8]) { JSONValue.writeString(s, to: &out) }
}

final class JSONObjectBox {
    var members: [(key: String, value: JSONNode)] = []

    /// Members in Foundation's `.sortedKeys` order (the keys' UTF-8 bytes compared); a key set
    /// twice keeps its last value, as Foundation's dictionary of members does. The positions are
    /// sorted, not the members: an entity has a dozen, and moving indices is cheaper than moving
    /// (key, value) pairs with their reference counts.
    func sortedOrder() -> [Int] {
        var order = Array(members.indices)
        var i = 1
        while i < order.count {
            let m = order[i]
            var j = i - 1
            while j >= 0, Self.precedes(members[m].key, members[order[j]].key) {
                order[j + 1] = order[j]
                j -= 1
            }
            order[j + 1] = m
            i += 1
        }
        // Repeated keys are now adjacent, in the order they were set: keep the last of each.
        var out: [Int] = []
        out.reserveCapacity(order.count)
        for m in order {
            if let last = out.last, members[last].key == members[m].key { out[out.count - 1] = m } else { out.append(m) }
        }
        return out
    }

    /// Foundation's key order: the UTF-8 bytes compared.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = Swift.min(x.count, y.count)
                for k in 0..<n where x[k] != y[k] { return x[k] < y[k] }
                return x.count < y.count
            }
        }
    }
}

final class JSONArrayBox {
    var items: [JSONNode] = []
}
