import GeoCore

/// Streams the features of a GeoJSON FeatureCollection, a single Feature, or a GeoJSONSeq file
/// (newline-delimited, with or without RS record separators), reading the file in 1 MiB chunks
/// and parsing one Feature at a time, so memory stays bounded by the largest feature.
///
/// The top-level object is walked member by member; the "features" array is streamed, other
/// members ("type", "crs", "bbox"...) are parsed whole. If more values follow the first, the file
/// is a sequence of Features.
public final class GeoJSONReader: FeatureSource {
    public let path: String
    public var fieldNames: [String]? { nil }
    public private(set) var crsText: String?
    public private(set) var warnings: [GeoIOWarning] = []
    /// 0-based index of the next feature.
    public private(set) var featureIndex = 0

    private let input: ChunkedInput
    private enum State { case start, inFeatures, afterFeatures, sequence, done }
    private var state = State.start
    private var topMembers: [(String, JSONValue)] = []
    private var sawFeatures = false

    public init(path: String, chunkSize: Int = 1 << 20) throws(GeoIOError) {
        self.path = path
        input = try ChunkedInput(path: path, chunkSize: chunkSize)
    }

    public func nextFeature() throws(GeoIOError) -> SourceFeature? {
        guard let f = try next() else { return nil }
        let attributes = f.properties.map { SourceAttribute(name: $0.key, value: DBFValue(json: $0.value)) }
        return SourceFeature(recordNumber: featureIndex, geometry: f.geometry, attributes: attributes)
    }

    /// The next Feature, or nil at the end.
    public func next() throws(GeoIOError) -> Feature? {
        while true {
            switch state {
            case .start:
                try input.skipWhitespace()
                guard let b = try input.peek() else { state = .done; return nil }
                guard b == UInt8(ascii: "{") else { throw error("$", "the document must start with an object, found '\(Character(Unicode.Scalar(b)))'") }
                input.start += 1
                if let f = try walkTopLevel() { return f }
            case .inFeatures:
                try input.skipWhitespace()
                if try input.peek() == UInt8(ascii: "]") {
                    input.start += 1
                    state = .afterFeatures
                    continue
                }
                let f = try parseFeature(path: "features[\(featureIndex)]")
                try input.skipWhitespace()
                switch try input.peek() {
                case UInt8(ascii: ",")?: input.start += 1
                case UInt8(ascii: "]")?: break
                default: throw error("$.features[\(featureIndex)]", "expected ',' or ']' after the feature")
                }
                featureIndex += 1
                return f
            case .afterFeatures:
                if let f = try walkTopLevel() { return f }
            case .sequence:
                try input.skipWhitespace()
                guard try input.peek() != nil else { state = .done; return nil }
                let f = try parseFeature(path: "")
                featureIndex += 1
                return f
            case .done:
                return nil
            }
        }
    }

    /// Reads top-level members up to the "features" array (then returns to stream it) or to the
    /// end of the object; a lone Feature is returned whole when the object closes.
    private func walkTopLevel() throws(GeoIOError) -> Feature? {
        while true {
            try input.skipWhitespace()
            guard let b = try input.peek() else { throw error("$", "the file ends inside the top-level object") }
            if b == UInt8(ascii: ",") { input.start += 1; continue }
            if b == UInt8(ascii: "}") {
                input.start += 1
                return try finishTopLevel()
            }
            let keyValue = try parseValue(path: "$")
            guard case .string(let key) = keyValue else { throw error("$", "expected a member name") }
            try input.skipWhitespace()
            guard try input.peek() == UInt8(ascii: ":") else { throw error("$.\(key)", "expected ':'") }
            input.start += 1
            try input.skipWhitespace()
            if key == "features" {
                guard try input.peek() == UInt8(ascii: "[") else { throw error("$.features", "\"features\" must be an array") }
                input.start += 1
                sawFeatures = true
                state = .inFeatures
                return nil
            }
            let value = try parseValue(path: "$.\(key)")
            if key == "crs" { crsText = value.jsonString }
            topMembers.append((key, value))
        }
    }

    private func finishTopLevel() throws(GeoIOError) -> Feature? {
        let object = JSONObject(topMembers)
        topMembers = []
        try input.skipWhitespace()
        let more = try input.peek() != nil
        if sawFeatures {
            guard object["type"] == "FeatureCollection" else {
                throw error("$.type", "an object with \"features\" must have \"type\": \"FeatureCollection\"")
            }
            if more { throw error("$", "data after the FeatureCollection") }
            state = .done
            return nil
        }
        // A lone Feature, or the first of a GeoJSONSeq.
        state = more ? .sequence : .done
        let f = try feature(from: .object(object), path: "")
        featureIndex += 1
        return f
    }

    private func parseFeature(path: String) throws(GeoIOError) -> Feature {
        try feature(from: parseValue(path: path.isEmpty ? "$" : "$." + path), path: path)
    }

    private func feature(from value: JSONValue, path: String) throws(GeoIOError) -> Feature {
        do {
            return try Feature(geoJSON: value, path: path)
        } catch {
            if case .geoJSON(let message, let p) = error { throw self.error("$" + (p.isEmpty ? "" : "." + p), message) }
            if case .nonFiniteCoordinate(let v, let location) = error { throw self.error("\(location)", "non-finite coordinate \(v)") }
            throw self.error("$" + (path.isEmpty ? "" : "." + path), "\(error)")
        }
    }

    private func parseValue(path: String) throws(GeoIOError) -> JSONValue {
        let offset = input.offset
        guard let n = try input.valueLength() else { throw error(path, "the file ends inside a value starting at byte \(offset)") }
        let bytes = Array(input.take(n))
        do {
            return try JSONParser(bytes).parseDocument()
        } catch {
            throw self.error(path, "\(error) (value starts at byte \(offset))")
        }
    }

    private func error(_ jsonPath: String, _ reason: String) -> GeoIOError {
        .badGeoJSON(path: path, feature: featureIndex, jsonPath: jsonPath, reason: reason)
    }
}
