import Foundation

/// Encodes a `Codable` value to the bytes Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` (dates through `dateText`), in `JSONWriter`'s spelling,
/// several times faster. Stored entities are written with it: an import encodes a million, and
/// Foundation's encoder (boxed values, a dynamic cast per value, a second pass to serialise) was
/// most of the import's time; so is any answer derived from a Codable type, so that a type's JSON
/// is declared once, by its Codable conformance. Tests hold the bytes equal to Foundation's.
///
/// Each value is written into its encoder's own bytes as it comes; an object keeps where each
/// member's value ends and is put in key order once its `encode(to:)` has returned. A nested or
/// super container may still be filled after its parent has moved on, so it is kept aside and
/// written when its parent is.
public struct SortedJSONEncoder: Sendable {
    /// How a `Date` is written (Foundation's `.custom` date strategy writing one string).
    public let dateText: @Sendable (Date) -> String
    /// A NaN or infinity is written as `null` (a `JSONValue`'s rule, for answers built from
    /// Codable values) rather than refused with its path (Foundation's rule, for stored JSON).
    public var writesNonFiniteAsNull = false

    public init(dateText: @escaping @Sendable (Date) -> String) {
        self.dateText = dateText
    }

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encode(value, addingMembers: [])
    }

    /// The value, an object, with `members` (key and JSON text) put among its own in key order:
    /// an import's extra columns go into each entity's object this way, not spliced after it.
    public func encode<T: Encodable>(_ value: T, addingMembers members: [(key: String, json: [UInt8])]) throws -> [UInt8] {
        let root = ValueEncoder(options: self, parent: nil, key: nil)
        root.bytes.reserveCapacity(512)
        if let list = value as? any JSONMembers {
            // One dynamic cast per document, then no Codable containers and no sorting for the
            // listed members: the whole text is written in order.
            root.become(.single)
            var w = DirectMemberWriter(encoder: root, adding: members)
            try list.members(&w)
            w.close()
            return root.bytes
        } else if members.isEmpty {
            // The whole value's text, in order, is the root's one value.
            root.become(.single)
            try root.append(value, key: nil)
            return root.bytes
        } else {
            try value.encode(to: root)
        }
        guard root.shape == .object else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "members are added to an object only"))
        }
        for (key, json) in members {
            root.bytes.append(contentsOf: json)
            root.closeMember(key)
        }
        var out: [UInt8] = []
        out.reserveCapacity(root.bytes.count + 2)
        root.finish(into: &out)
        return out
    }
}

/// The `Encoder` for one value: its containers write into `bytes`.
final class ValueEncoder: Encoder {
    enum Shape { case empty, object, array, single }
    struct Member {
        /// "" in an array.
        var key: String
        /// Where the member's text ends in `bytes` (it starts where the one before ended).
        var end: Int
        /// A nested or super container's encoder, written when this value is.
        var deferred: ValueEncoder?
    }

    let options: SortedJSONEncoder
    /// Unowned: a parent holds its children (`spare`, deferred members), and a child is used
    /// only while its parent's value is being encoded.
    private unowned var parent: ValueEncoder?
    private var key: (any CodingKey)?
    private(set) var shape = Shape.empty
    var bytes: [UInt8] = []
    private(set) var members: [Member] = []
    /// The encoder this one's values are written with, one after the other, kept with its
    /// storage: a storefront's flags, point and attribution then cost one allocation, not ten.
    private var spare: ValueEncoder?

    init(options: SortedJSONEncoder, parent: ValueEncoder?, key: (any CodingKey)?) {
        self.options = options
        self.parent = parent
        self.key = key
    }

    /// Made from the parents only when asked (errors): most values are never asked.
    var codingPath: [any CodingKey] {
        var path = parent?.codingPath ?? []
        if let key { path.append(key) }
        return path
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func path(_ key: (any CodingKey)?) -> [any CodingKey] { key.map { codingPath + [$0] } ?? codingPath }

    /// A value asking for a container of another shape than the one it began starts again.
    func become(_ shape: Shape) {
        guard self.shape != shape else { return }
        self.shape = shape
        bytes.removeAll(keepingCapacity: true)
        members.removeAll()
        // An entity has about a dozen members: grown once, not four times.
        if shape == .object { members.reserveCapacity(16) }
    }

    func closeMember(_ key: String, deferred: ValueEncoder? = nil) {
        members.append(Member(key: key, end: bytes.count, deferred: deferred))
    }

    /// A child value's encoder that is written later (a nested or super container).
    func deferredChild(key: String, codingKey: any CodingKey) -> ValueEncoder {
        let child = ValueEncoder(options: options, parent: self, key: codingKey)
        closeMember(key, deferred: child)
        return child
    }

    /// Writes `value` at the end of `bytes`; `key` is its place in the coding path.
    func append<T: Encodable>(_ value: T, key: (any CodingKey)?) throws {
        if try appendScalar(value, key: key) { return }
        let child = reusedChild(key: key)
        try value.encode(to: child)
        child.finish(into: &bytes)
    }

    private func reusedChild(key: (any CodingKey)?) -> ValueEncoder {
        let child: ValueEncoder
        if let spare {
            // Finished before the next value starts, so it can be used again; nothing else holds it.
            child = spare
            child.key = key
            child.shape = .empty
            child.bytes.removeAll(keepingCapacity: true)
            child.members.removeAll(keepingCapacity: true)
        } else {
            child = ValueEncoder(options: options, parent: self, key: key)
            spare = child
        }
        return child
    }

    /// The values Foundation writes itself rather than through their own `encode(to:)`, and the
    /// common scalars (a shortcut past making an encoder). Metatypes are compared, not values
    /// cast: most values reaching here are structs, and a dynamic cast is not free; once the
    /// type is known to be equal, the value is reinterpreted (`unsafeBitCast`), not cast.
    private func appendScalar<T: Encodable>(_ value: T, key: (any CodingKey)?) throws -> Bool {
        let type = ObjectIdentifier(T.self)
        if type == Self.string { JSONWriter.string(unsafeBitCast(value, to: String.self), to: &bytes) }
        else if type == Self.double { try appendNumber(unsafeBitCast(value, to: Double.self), key: key) }
        else if type == Self.int { JSONWriter.integer(unsafeBitCast(value, to: Int.self), to: &bytes) }
        else if type == Self.bool { appendBool(unsafeBitCast(value, to: Bool.self)) }
        else if type == Self.doubles { try appendNumbers(unsafeBitCast(value, to: [Double].self), key: key) }
        else if type == Self.strings { appendStrings(unsafeBitCast(value, to: [String].self)) }
        else if type == Self.date { JSONWriter.string(options.dateText(unsafeBitCast(value, to: Date.self)), to: &bytes) }
        else if T.self == Float.self { try appendNumber(value as! Float, key: key) }
        else if T.self == Data.self { JSONWriter.string((value as! Data).base64EncodedString(), to: &bytes) }
        else if T.self == URL.self { JSONWriter.string((value as! URL).absoluteString, to: &bytes) }
        else if T.self == Decimal.self { bytes.append(contentsOf: (value as! Decimal).description.utf8) }
        else { return false }
        return true
    }

    // The common types' identities, made once: `[Double].self` in generic code is a metadata
    // lookup on every call.
    private static let string = ObjectIdentifier(String.self), double = ObjectIdentifier(Double.self)
    private static let int = ObjectIdentifier(Int.self), bool = ObjectIdentifier(Bool.self)
    private static let doubles = ObjectIdentifier([Double].self), date = ObjectIdentifier(Date.self)
    private static let strings = ObjectIdentifier([String].self)

    /// `["a","b"]`: a shop's flags, a list of codes; written without an encoder per element.
    func appendStrings(_ items: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (k, item) in items.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.string(item, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    func appendBool(_ v: Bool) { bytes.append(contentsOf: (v ? "true" : "false").utf8) }

    /// JSON has no NaN or infinity: refused with the value's path, as Foundation refuses them.
    func appendNumber<F: BinaryFloatingPoint & CustomStringConvertible>(_ v: F, key: (any CodingKey)?) throws {
        guard v.isFinite else {
            if options.writesNonFiniteAsNull { return bytes.append(contentsOf: "null".utf8) }
            throw EncodingError.invalidValue(v, .init(codingPath: path(key), debugDescription: "Unable to encode \(v) directly in JSON."))
        }
        JSONWriter.number(v, to: &bytes)
    }

    /// Coordinates: an array of doubles, the commonest array of all.
    private func appendNumbers(_ values: [Double], key: (any CodingKey)?) throws {
        bytes.append(UInt8(ascii: "["))
        for (k, v) in values.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            guard v.isFinite || options.writesNonFiniteAsNull else {
                throw EncodingError.invalidValue(v, .init(codingPath: path(key) + [IndexKey(k)], debugDescription: "Unable to encode \(v) directly in JSON."))
            }
            if v.isFinite { JSONWriter.number(v, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends the value as JSON: an object's members in key order, a value that encoded nothing
    /// as an empty object (as Foundation writes it).
    func finish(into out: inout [UInt8]) {
        switch shape {
        case .empty: out.append(contentsOf: "{}".utf8)
        case .single: out.append(contentsOf: bytes)
        case .array:
            out.append(UInt8(ascii: "["))
            for m in members.indices {
                if m > 0 { out.append(UInt8(ascii: ",")) }
                writeMember(m, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            let order = JSONWriter.sortedPositions(count: members.count) { members[$0].key }
            for (k, m) in order.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.string(members[m].key, to: &out)
                out.append(UInt8(ascii: ":"))
                writeMember(m, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private func writeMember(_ m: Int, into out: inout [UInt8]) {
        if let deferred = members[m].deferred {
            deferred.finish(into: &out)
        } else {
            out.append(contentsOf: bytes[(m == 0 ? 0 : members[m - 1].end)..<members[m].end])
        }
    }
}

/// A coding key made up for errors and nested encoders: an array index, "super". The index's
/// text is made only when asked.
struct IndexKey: CodingKey {
    private let name: String?
    let intValue: Int?
    init(_ index: Int) { name = nil; intValue = index }
    init(stringValue: String) { name = stringValue; intValue = nil }
    init(intValue: Int) { self.init(intValue) }
    var stringValue: String { name ?? "Index \(intValue ?? 0)" }
}
