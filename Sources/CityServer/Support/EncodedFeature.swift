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

    /// Appends the feature with `extra` members and, of its own properties, only the members
    /// named in `selected` (in the order they are stored): a client that lists a few fields gets
    /// a few hundred bytes a feature instead of a case's whole history.
    func write(to out: inout [UInt8], extra: JSONObject, selecting selected: [String]) {
        let opening = #","properties":{"#.utf8.count
        out.append(contentsOf: bytes[..<(propertiesStart - opening)])
        out.append(contentsOf: #","properties":{"#.utf8)
        var first = true
        for (key, value) in extra {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONValue.writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            value.write(to: &out)
        }
        // The properties object ends one byte before the feature's closing brace.
        let members = TopLevelMembers(bytes, from: propertiesStart, to: bytes.count - 2)
        for member in members where selected.contains(where: { member.key.elementsEqual($0.utf8) }) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: member.text)
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
    /// `selecting`: the names of the properties to send, nil for all.
    static func featureCollectionBytes(_ items: [(StoredFeature, JSONObject)], _ transform: CRSTransform,
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

/// The members of a JSON object written by GeoCore's writer, read without parsing their values:
/// each member's key (its text between the quotes, as written) and its whole `"key":value` text.
struct TopLevelMembers: Sequence {
    let bytes: [UInt8]
    /// Just after the object's `{`, and at its `}`.
    let start: Int, end: Int

    init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.start = start
        self.end = end
    }

    struct Member {
        let key: ArraySlice<UInt8>
        let text: ArraySlice<UInt8>
    }

    func makeIterator() -> AnyIterator<Member> {
        var i = start
        return AnyIterator {
            guard i < end, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let memberStart = i
            var keyEnd = i + 1
            while bytes[keyEnd] != UInt8(ascii: "\"") { keyEnd += bytes[keyEnd] == UInt8(ascii: "\\") ? 2 : 1 }
            // To the comma (or the object's end) at depth 0, outside strings.
            var depth = 0, inString = false
            i = keyEnd + 1
            while i < end {
                let c = bytes[i]
                if inString {
                    if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
                } else if c == UInt8(ascii: "\"") {
                    inString = true
                } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                    depth += 1
                } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                    depth -= 1
                } else if c == UInt8(ascii: ","), depth == 0 {
                    break
                }
                i += 1
            }
            let member = Member(key: bytes[(memberStart + 1)..<keyEnd], text: bytes[memberStart..<i])
            i += 1
            return member
        }
    }
}
