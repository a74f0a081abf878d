/// A type whose JSON object is declared once, as a list of members, and written two ways from it:
/// by its `encode(to:)` through any `Encoder` (`KeyedMemberWriter`, what JSONEncoder and decoding
/// tests see), and by `SortedJSONEncoder` directly, without Codable's boxed containers and
/// existential keys (the types an import writes a million of: a storefront and its attribution).
/// Adding a field is one line here; decoding stays synthesised from the same property names.
public protocol JSONMembers: Encodable {
    func members<W: JSONMemberWriter>(_ w: inout W) throws
}

/// Where a member list goes. A value that is itself a `JSONMembers` is written through its own
/// list (chosen at compile time by the overloads); any other `Encodable` through Codable.
public protocol JSONMemberWriter {
    mutating func member<T: Encodable>(_ key: String, _ value: T) throws
    mutating func member<T: JSONMembers>(_ key: String, _ value: T) throws
}

extension JSONMemberWriter {
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
}

/// A member's key by its name.
public struct JSONMemberKey: CodingKey {
    public let stringValue: String
    public var intValue: Int? { nil }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

/// `SortedJSONEncoder`'s side: members straight into the encoder's bytes.
struct DirectMemberWriter: JSONMemberWriter {
    let encoder: ValueEncoder

    mutating func member<T: Encodable>(_ key: String, _ value: T) throws {
        try encoder.append(value, key: JSONMemberKey(stringValue: key))
        encoder.closeMember(key)
    }

    mutating func member<T: JSONMembers>(_ key: String, _ value: T) throws {
        try encoder.appendMembers(value, key: JSONMemberKey(stringValue: key))
        encoder.closeMember(key)
    }
}
