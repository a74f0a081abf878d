/// A type whose JSON object is declared once, as a list of members, and written two ways from it:
/// by its `encode(to:)` through any `Encoder` (`KeyedMemberWriter`, what JSONEncoder and decoding
/// tests see), and by `SortedJSONEncoder` directly, without Codable's boxed containers and
/// existential keys (the types an import writes a million of: a storefront and its attribution).
/// Adding a field is one line here, in its key-order place (the keys' UTF-8 bytes, `JSONWriter`'s
/// order): the encoder writes the list as it comes, without sorting, and a debug build checks the
/// order. Decoding stays synthesised from the same property names.
public protocol JSONMembers: Encodable {
    func members<W: JSONMemberWriter>(_ w: inout W) throws
}

/// Where a member list goes. A value that is itself a `JSONMembers` is written through its own
/// list (chosen at compile time by the overloads); any other `Encodable` through Codable.
public protocol JSONMemberWriter {
    mutating func member<T: Encodable>(_ key: String, _ value: T) throws
    mutating func member<T: JSONMembers>(_ key: String, _ value: T) throws
    /// Text, the commonest member, by a requirement of its own: a member list calls it through
    /// the witness table without generic metadata, where the generic path cost a shop's import a
    /// tenth of its time (the list is in another module, so the generic call is not specialised).
    mutating func member(_ key: String, _ value: String) throws
    /// A measure (a distance, a tolerance), for the same reason.
    mutating func member(_ key: String, _ value: Double) throws
}

extension JSONMemberWriter {
    public mutating func member(_ key: String, ifPresent value: String?) throws {
        if let value { try member(key, value) }
    }

    /// An optional member, left out when nil (as `encodeIfPresent`).
    public mutating func member<T: Encodable>(_ key: String, ifPresent value: T?) throws {
        if let value { try member(key, value) }
    }

    public mutating func member<T: JSONMembers>(_ key: String, ifPresent value: T?) throws {
        if let value { try member(key, value) }
    }
}

extension JSONMembers {
    /// The member list through `encoder`'s keyed container: what `encode(to:)` calls.
    public func encodeMembers(to encoder: any Encoder) throws {
        var w = KeyedMemberWriter(container: encoder.container(keyedBy: JSONMemberKey.self))
        try members(&w)
    }
}

/// Codable's side of a member list.
public struct KeyedMemberWriter: JSONMemberWriter {
    var container: KeyedEncodingContainer<JSONMemberKey>

    public mutating func member<T: Encodable>(_ key: String, _ value: T) throws {
        try container.encode(value, forKey: JSONMemberKey(stringValue: key))
    }

    public mutating func member<T: JSONMembers>(_ key: String, _ value: T) throws {
        try container.encode(value, forKey: JSONMemberKey(stringValue: key))
    }

    public mutating func member(_ key: String, _ value: String) throws {
        try container.encode(value, forKey: JSONMemberKey(stringValue: key))
    }

    public mutating func member(_ key: String, _ value: Double) throws {
        try container.encode(value, forKey: JSONMemberKey(stringValue: key))
    }
}

/// A member's key by its name.
public struct JSONMemberKey: CodingKey {
    public let stringValue: String
    public var intValue: Int? { nil }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

/// `SortedJSONEncoder`'s side: the list is in key order, so each member goes straight into the
/// encoder's bytes, with no record kept and no sort; a nested list is written inline.
struct DirectMemberWriter: JSONMemberWriter {
    let encoder: ValueEncoder
    private var previous: String?
    /// Members put among the listed ones (an import's extra columns), in key order.
    private var pending: ArraySlice<(key: String, json: [UInt8])>

    /// Opens the object.
    init(encoder: ValueEncoder, adding extra: [(key: String, json: [UInt8])] = []) {
        self.encoder = encoder
        pending = extra.count > 1 ? extra.sorted { JSONWriter.keyPrecedes($0.key, $1.key) }[...] : extra[...]
        encoder.bytes.append(UInt8(ascii: "{"))
    }

    private mutating func open(_ key: String) {
        assert(previous.map { JSONWriter.keyPrecedes($0, key) } ?? true, "a JSONMembers list is in key order: \(key) comes before \(previous ?? "")")
        while let next = pending.first, JSONWriter.keyPrecedes(next.key, key) {
            separate(next.key)
            encoder.bytes.append(contentsOf: next.json)
            pending.removeFirst()
        }
        separate(key)
    }

    private mutating func separate(_ key: String) {
        if previous != nil { encoder.bytes.append(UInt8(ascii: ",")) }
        previous = key
        JSONWriter.string(key, to: &encoder.bytes)
        encoder.bytes.append(UInt8(ascii: ":"))
    }

    mutating func member<T: Encodable>(_ key: String, _ value: T) throws {
        open(key)
        try encoder.append(value, key: JSONMemberKey(stringValue: key))
    }

    mutating func member(_ key: String, _ value: String) throws {
        open(key)
        JSONWriter.string(value, to: &encoder.bytes)
    }

    mutating func member(_ key: String, _ value: Double) throws {
        open(key)
        try encoder.appendNumber(value, key: JSONMemberKey(stringValue: key))
    }

    mutating func member<T: JSONMembers>(_ key: String, _ value: T) throws {
        open(key)
        var nested = DirectMemberWriter(encoder: encoder)
        try value.members(&nested)
        nested.close()
    }

    /// Closes the object, after the members still pending.
    mutating func close() {
        for (key, json) in pending {
            separate(key)
            encoder.bytes.append(contentsOf: json)
        }
        pending = []
        encoder.bytes.append(UInt8(ascii: "}"))
    }
}
