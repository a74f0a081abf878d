import GeoCore

extension StoredFeature {
    /// The stored properties as a JSON object. A text that does not parse as one is a corrupt
    /// store, named by layer and id: callers that update a feature must not drop what they cannot read.
    public func propertiesValue() throws(StoreError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: properties)
        } catch {
            throw .corruptProperties(layer: layer, id: id, reason: error.description)
        }
        guard case .object(let object) = value else {
            throw .corruptProperties(layer: layer, id: id, reason: "they are a JSON \(value.kindName), not an object")
        }
        return object
    }

    /// These properties (an entity just re-encoded, which knows nothing of an import's extra
    /// columns) with the `extra` member of `old` carried over, written in stored JSON's key order.
    /// Stored JSON parsed and written back sorted is the same bytes (no stored number is an integer
    /// beyond 2^53, where a double would round it), so only `extra` is new.
    public func keepingExtra(of old: StoredFeature) throws(StoreError) -> [UInt8] {
        guard let extra = try old.propertiesValue()["extra"] else { return properties }
        var object = try propertiesValue()
        object["extra"] = extra
        var out: [UInt8] = []
        out.reserveCapacity(properties.count + 128)
        JSONValue.object(object).write(to: &out, sortingKeys: true)
        return out
    }
}
