import GeoCore

/// One entity of a layer as the store keeps it: its geometry in the working CRS, its attributes as a
/// JSON object (the domain fields and every extra column an import brought), and the few fields
/// that queries filter on without decoding the attributes (`category`: a case's type code or a
/// storefront's licence status; `status`: a workflow state).
public struct StoredFeature: Sendable, Hashable {
    public var layer: Layer
    public var id: String
    public var geometry: Geometry?
    /// A JSON object, UTF-8.
    public var properties: [UInt8]
    public var category: String?
    public var status: String?
    /// The zone version (import run) a grid cell, segment or red line belongs to; a case keeps the
    /// versions it was attributed with in its properties, so re-imports never rewrite its history.
    public var zoneVersion: Int

    public init(layer: Layer, id: String, geometry: Geometry?, properties: [UInt8] = Array("{}".utf8),
                category: String? = nil, status: String? = nil, zoneVersion: Int = 1) {
        self.layer = layer
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.category = category
        self.status = status
        self.zoneVersion = zoneVersion
    }

    public var envelope: Envelope { geometry?.envelope ?? .empty }

    /// What full-text search matches: the id and every text attribute at the top level and one
    /// level down (a segment's chief, an import's extra columns), so a grid code, a road name, a
    /// chief or a shop's name and address all find their entity. Built here rather than with
    /// SQLite's json_each, which costs three times as much per row on a million-row import.
    var searchText: String {
        guard case .object(let object)? = try? JSONValue(parsing: properties) else { return id }
        var parts = [id]
        for (_, value) in object.members {
            switch value {
            case .string(let s): parts.append(s)
            case .object(let inner): parts += inner.members.compactMap { $0.value.stringValue }
            default: break
            }
        }
        return parts.joined(separator: " ")
    }
}
