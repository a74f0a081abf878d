import CityQuery
import GeoCore

/// A stored feature's GeoJSON as the server sends it (geometry in CRS84, the stored attributes plus
/// `category` and `status`), encoded once per version of the feature and kept with it
/// (`CityFeature.memo`). The busiest routes answer with the same cases again and again; parsing
/// their stored attributes and writing them out anew was most of what a request cost.
struct EncodedFeature: Sendable {
    /// `{"type":"Feature",…,"properties":{…}}`
    let bytes: [UInt8]
    /// The offset just after the `{` that opens `properties`, where per-answer members go.
    let propertiesStart: Int

    /// The memo key: one working CRS per server, so one CRS84 form per feature version.
    static let memoKey = "CityServer.EncodedFeature.crs84"

    init(_ feature: CityFeature, transform: CoordinateBridge) throws(ServerError) {
        var out: [UInt8] = []
        out.reserveCapacity(feature.properties.count + 160)
        out.append(contentsOf: #"{"type":"Feature","id":"#.utf8)
        JSONWriter.string(feature.id, to: &out)
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

    /// The feature's encoding, from its memo when this version was encoded before; as the
    /// request's reader may see it (the masked form is a feature of its own, with its own memo).
    static func of(_ feature: CityFeature, transform: CoordinateBridge) throws(ServerError) -> EncodedFeature {
        let feature = feature.disclosed()
        let result = feature.memo(memoKey) { Result { () throws(ServerError) in try EncodedFeature(feature, transform: transform) } }
        return try result.get()
    }

    /// Appends the feature with `extra` members and, of its own properties, only the members
    /// named in `selected` (in the order they are stored): a client that lists a few fields gets
    /// a few hundred bytes a feature instead of a case's whole history.
    func write(to out: inout [UInt8], extra: JSONObject, selecting selected: [String]) {
        out.append(contentsOf: bytes[..<propertiesStart])
        JSONWriter.members(extra, to: &out)
        var first = extra.isEmpty
        if !selected.isEmpty {
            // The properties object ends one byte before the feature's closing brace.
            TopLevelMembers.forEach(in: bytes, from: propertiesStart, to: bytes.count - 2) { key, member in
                guard selected.contains(where: { $0.utf8.elementsEqual(key) }) else { return }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: member)
            }
        }
        out.append(contentsOf: "}}".utf8)
    }

    /// Appends the feature with `extra` members put first in its properties (a distance, say):
    /// members its stored attributes do not have, or the object would repeat a key.
    func write(to out: inout [UInt8], extra: JSONObject = [:]) {
        guard !extra.isEmpty else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(contentsOf: bytes[..<propertiesStart])
        JSONWriter.members(extra, to: &out)
        if bytes[propertiesStart] != UInt8(ascii: "}") { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: bytes[propertiesStart...])
    }
}

extension QueryEncoding {
    /// A FeatureCollection of stored features, each with its per-answer members, written as bytes
    /// from the features' memoised encodings.
    /// `selecting`: the names of the properties to send, nil for all.
    static func featureCollectionBytes(_ items: [(CityFeature, JSONObject)], _ transform: CoordinateBridge,
                                       selecting selected: [String]? = nil) throws(ServerError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(items.count * (selected == nil ? 1600 : 256) + 96)
        out.append(contentsOf: #"{"type":"FeatureCollection","features":["#.utf8)
        for (k, (feature, extra)) in items.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            let encoded = try EncodedFeature.of(feature, transform: transform)
            if let selected { encoded.write(to: &out, extra: extra, selecting: selected) } else { encoded.write(to: &out, extra: extra) }
        }
        out.append(contentsOf: #"],"numberMatched":\#(items.count),"numberReturned":\#(items.count)}"#.utf8)
        return out
    }
}

/// The members of a JSON object written by GeoCore's writer, read without parsing their values.
enum TopLevelMembers {
    /// Calls `body` with each member's key (its text between the quotes, as written) and its
    /// whole `"key":value` text; `start` is just after the object's `{`, `end` at its `}`.
    static func forEach(in bytes: [UInt8], from start: Int, to end: Int,
                        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { b in
            let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
            var i = start
            while i < end, b[i] == quote {
                let memberStart = i
                var keyEnd = i + 1
                while b[keyEnd] != quote { keyEnd += b[keyEnd] == backslash ? 2 : 1 }
                // To the comma (or the object's end) at depth 0, outside strings.
                var depth = 0, inString = false
                i = keyEnd + 1
                scan: while i < end {
                    let c = b[i]
                    if inString {
                        if c == backslash { i += 1 } else if c == quote { inString = false }
                    } else {
                        switch c {
                        case quote: inString = true
                        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                        case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                        case UInt8(ascii: ","): if depth == 0 { break scan }
                        default: break
                        }
                    }
                    i += 1
                }
                body(UnsafeBufferPointer(rebasing: b[(memberStart + 1)..<keyEnd]), UnsafeBufferPointer(rebasing: b[memberStart..<i]))
                i += 1
            }
        }
    }
}
