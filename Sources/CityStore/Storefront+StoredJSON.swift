import CityModel

extension Storefront {
    /// The stored JSON of a shop written member by member, in sorted-key order, with the nested
    /// values (attribution, geometry, dossier records) through `EntityJSONEncoder`. Storefronts are
    /// what imports bring by the hundred thousand, and the generic encoder's tree of boxed values
    /// was most of an import's encoding time. The bytes equal Foundation's JSONEncoder's; the
    /// encoding tests hold every sample shop to that.
    func storedJSON() throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(400)
        func key(_ name: StaticString, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: "\":".utf8)
        }
        func nested<T: Encodable>(_ value: T) throws { try JSONNode.encoding(value, codingPath: []).write(to: &out) }

        out.append(UInt8(ascii: "{"))
        key("address", first: true); JSONNode.writeString(address, to: &out)
        if let attribution { key("attribution"); try attribution.writeStoredJSON(to: &out) }
        key("flags")
        out.append(UInt8(ascii: "["))
        for (k, flag) in orderedFlags.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONNode.writeString(flag.rawValue, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        key("footprint")
        if let footprint { try nested(GeoJSONCoded(wrappedValue: footprint)) } else { out.append(contentsOf: "null".utf8) }
        key("id"); JSONNode.writeString(id, to: &out)
        if let licenceNumber { key("licenceNumber"); JSONNode.writeString(licenceNumber, to: &out) }
        key("licenceStatus"); JSONNode.writeString(licenceStatus.rawValue, to: &out)
        key("name"); JSONNode.writeString(name, to: &out)
        key("point")
        // {"coordinates":[x,y(,z)],"type":"Point"}, as Point's GeoJSON encoding writes it.
        out.append(contentsOf: #"{"coordinates":["#.utf8)
        for (k, v) in [point.x, point.y].enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            try JSONNode.number(v, codingPath: []).write(to: &out)
        }
        if let z = point.z {
            out.append(UInt8(ascii: ","))
            try JSONNode.number(z, codingPath: []).write(to: &out)
        }
        out.append(contentsOf: #"],"type":"Point"}"#.utf8)
        key("records")
        if records.isEmpty { out.append(contentsOf: "[]".utf8) } else { try nested(records) }
        key("trade"); JSONNode.writeString(trade, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
