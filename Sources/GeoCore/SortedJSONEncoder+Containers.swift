/// The containers `ValueEncoder` hands out: each writes into its encoder's bytes and marks where
/// the member or element ends. Integers and the other scalars are written here directly, the rest
/// through `ValueEncoder.append`.
extension ValueEncoder {
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        become(.object)
        return KeyedEncodingContainer(KeyedValueContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        become(.array)
        return UnkeyedValueContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }
}

private struct KeyedValueContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func put<T: Encodable>(_ value: T, _ key: Key) throws {
        try encoder.append(value, key: key)
        encoder.closeMember(key.stringValue)
    }

    private func integer<I: BinaryInteger>(_ value: I, _ key: Key) {
        JSONWriter.integer(value, to: &encoder.bytes)
        encoder.closeMember(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws {
        encoder.bytes.append(contentsOf: "null".utf8)
        encoder.closeMember(key.stringValue)
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        encoder.appendBool(value)
        encoder.closeMember(key.stringValue)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        JSONWriter.string(value, to: &encoder.bytes)
        encoder.closeMember(key.stringValue)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try encoder.appendNumber(value, key: key)
        encoder.closeMember(key.stringValue)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        try encoder.appendNumber(value, key: key)
        encoder.closeMember(key.stringValue)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { integer(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.deferredChild(key: key.stringValue, codingKey: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.deferredChild(key: key.stringValue, codingKey: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.deferredChild(key: "super", codingKey: IndexKey(stringValue: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.deferredChild(key: key.stringValue, codingKey: key)
    }
}

private struct UnkeyedValueContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.members.count }

    private func put<T: Encodable>(_ value: T) throws {
        try encoder.append(value, key: IndexKey(count))
        encoder.closeMember("")
    }

    private func integer<I: BinaryInteger>(_ value: I) {
        JSONWriter.integer(value, to: &encoder.bytes)
        encoder.closeMember("")
    }

    mutating func encodeNil() throws {
        encoder.bytes.append(contentsOf: "null".utf8)
        encoder.closeMember("")
    }
    mutating func encode(_ value: Bool) throws {
        encoder.appendBool(value)
        encoder.closeMember("")
    }
    mutating func encode(_ value: String) throws {
        JSONWriter.string(value, to: &encoder.bytes)
        encoder.closeMember("")
    }
    mutating func encode(_ value: Double) throws {
        try encoder.appendNumber(value, key: IndexKey(count))
        encoder.closeMember("")
    }
    mutating func encode(_ value: Float) throws {
        try encoder.appendNumber(value, key: IndexKey(count))
        encoder.closeMember("")
    }
    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.deferredChild(key: "", codingKey: IndexKey(count)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.deferredChild(key: "", codingKey: IndexKey(count)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.deferredChild(key: "", codingKey: IndexKey(count))
    }
}

/// A single value replaces whatever its encoder held (Foundation allows one per encoder).
private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func start() {
        encoder.become(.single)
        encoder.bytes.removeAll(keepingCapacity: true)
    }

    private func integer<I: BinaryInteger>(_ value: I) {
        start()
        JSONWriter.integer(value, to: &encoder.bytes)
    }

    mutating func encodeNil() throws { start(); encoder.bytes.append(contentsOf: "null".utf8) }
    mutating func encode(_ value: Bool) throws { start(); encoder.appendBool(value) }
    mutating func encode(_ value: String) throws { start(); JSONWriter.string(value, to: &encoder.bytes) }
    mutating func encode(_ value: Double) throws { start(); try encoder.appendNumber(value, key: nil) }
    mutating func encode(_ value: Float) throws { start(); try encoder.appendNumber(value, key: nil) }
    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { start(); try encoder.append(value, key: nil) }
}
