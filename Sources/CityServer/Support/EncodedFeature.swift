import CityStore
import GeoCore

/// A stored feature's GeoJSON as the server sends it (geometry in CRS84, the stored attributes plus
/// `category` and `status`), encoded once per version of the feature and kept with it
/// (`StoredFeature.memo`). The busiest routes answer with the same cases again and again; parsing
/// their stored attributes and writing them out anew was most of what a request cost.
struct EncodedFeature: Sendable {
    /// `{"type":"Feature",…,"properties":{…}}`
    let bytes: [UInt8]
    /// The offset just after the `{` that opens `properties`, where per-answer members go.
    let propertiesStart: Int

    /// The memo key: one working CRS per server, so one CRS84 form per feature version.
    static let memoKey = "CityServer.EncodedFeature.crs84"

    init(_ feature: StoredFeature, transform: CRSTransform) throws(ServerError) {
        var out: [UInt8] = []
        out.reserveCapacity(feature.properties.count + 160)
        out.append(contentsOf: #"{"type":"Feature","id":"#.utf8)
        JSONValue.writeString(feature.id, to: &out)
        out.append(contentsOf: #","geometry":"#.utf8)
        if let g = feature.geometry {
            try transform.lonLat(g).geoJSON.write(to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: #","properties":"#.utf8)
        let start = out.count + 1
        JSONValue.object(SelectedFeature.outputProperties(of: feature)).write(to: &out)
        out.append(UInt8(ascii: "}"))
        bytes = out
        propertiesStart = start
    }

    /// The feature's encoding, from its memo when this version was encoded before.
    static func of(_ feature: StoredFeature, transform: CRSTransform) throws(ServerError) -> EncodedFeature {
        let result = feature.memo(memoKey) { Result { () throws(ServerError) in try EncodedFeature(feature, transform: transform) } }
        return try result.get()
    }

    /// Appends the feature with `extra` members put first in its properties (a distance, say):
    /// members its stored attributes do not have, or the object would repeat a key.
    func write(to out: inout [UInt8], extra: JSONObject = [:]) {
        guard !extra.isEmpty else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(contentsOf: bytes[..<propertiesStart])
        for (k, (key, value)) in extra.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            value.write(to: &out)
        }
        if bytes[propertiesStart] != UInt8(ascii: "}") { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: bytes[propertiesStart...])
    }
}

extension QueryEncoding {
    /// A FeatureCollection of stored features, each with its per-answer members, written as bytes
    /// from the features' memoised encodings.
    static func featureCollectionBytes(_ items: [(StoredFeature, JSONObject)], _ transform: CRSTransform) throws(ServerError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(items.count * 1600 + 96)
        out.append(contentsOf: #"{"type":"FeatureCollection","features":["#.utf8)
        for (k, (feature, extra)) in items.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            try EncodedFeature.of(feature, transform: transform).write(to: &out, extra: extra)
        }
        out.append(contentsOf: #"],"numberMatched":\#(items.count),"numberReturned":\#(items.count)}"#.utf8)
        return out
    }
}
