/// A JSON object's members in document order, keys unique (a repeated key keeps its first
/// position and its last value, as JavaScript's `JSON.parse` does). Equality and hashing ignore
/// member order, because JSON objects are unordered (RFC 8259 section 4); writing keeps the order.
public struct JSONObject: Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String]
    public private(set) var values: [JSONValue]

    public init() {
        keys = []
        values = []
    }

    public init(_ members: some Sequence<(String, JSONValue)>) {
        self.init()
        // Small objects (GeoJSON's usual case) look up linearly; large ones through a dictionary.
        var positions: [String: Int]? = nil
        for (k, v) in members {
            if positions == nil && keys.count >= 16 {
                positions = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            }
            let existing = positions.map { $0[k] } ?? keys.firstIndex(of: k)
            if let at = existing {
                values[at] = v
            } else {
                positions?[k] = keys.count
                keys.append(k)
                values.append(v)
            }
        }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { keys.count }
    public subscript(position: Int) -> (key: String, value: JSONValue) { (keys[position], values[position]) }

    /// The value of `key`; setting nil removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let at = keys.firstIndex(of: key) {
                if let newValue { values[at] = newValue } else { keys.remove(at: at); values.remove(at: at) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    public var members: [(key: String, value: JSONValue)] { Array(self) }
}

extension JSONObject: Hashable {
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.keys.count == b.keys.count else { return false }
        if a.keys == b.keys { return a.values == b.values }
        let lookup = Dictionary(uniqueKeysWithValues: zip(b.keys, b.values))
        for (k, v) in zip(a.keys, a.values) where lookup[k] != v { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: sum of per-member hashes.
        var sum = 0
        for (k, v) in zip(keys, values) {
            var h = Hasher()
            h.combine(k)
            h.combine(v)
            sum &+= h.finalize()
        }
        hasher.combine(keys.count)
        hasher.combine(sum)
    }
}
