import CityModel

extension Storefront {
    /// The stored JSON of a shop written member by member, in sorted-key order, with the
    /// attribution through its own writer and the other nested values (footprint, dossier records)
    /// through `EntityJSONEncoder`. Storefronts are
    /// what imports bring by the hundred thousand, and the generic encoder's tree of boxed values
    /// was most of an import's encoding time. The bytes equal Foundation's JSONEncoder's; the
    /// encoding tests hold every sample shop to that.
    func storedJSON() throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(400)
        func nested<T: Encodable>(_ value: T) throws { try JSONNode.encoding(value, codingPath: []).write(to: &out) }

        var o = ObjectWriter(&out)
        o.text("address", address, &out)
        if let attribution { o.key("attribution", &out); try attribution.writeStoredJSON(to: &out) }
        o.key("flags", &out)
        out.append(UInt8(ascii: "["))
        for (k, flag) in orderedFlags.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONNode.writeString(flag.rawValue, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        o.key("footprint", &out)
        if let footprint { try nested(GeoJSONCoded(wrappedValue: footprint)) } else { out.append(contentsOf: "null".utf8) }
        o.text("id", id, &out)
        o.text("licenceNumber", licenceNumber, &out)
        o.text("licenceStatus", licenceStatus.rawValue, &out)
        o.text("name", name, &out)
        o.key("point", &out)
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
        o.key("records", &out)
        if records.isEmpty { out.append(contentsOf: "[]".utf8) } else { try nested(records) }
        o.text("trade", trade, &out)
        o.close(&out)
        return out
    }
}
