import CityModel
import GeoCore

/// The properties a filter may name in each layer (OGC API – Features Part 3's queryables): flat
/// names for the typed attributes, each read from the feature's published properties at a path
/// (`gridCode` is `attribution.gridCode`). Personal data (holders, chiefs' and officers' names and
/// phones) is not queryable: a filter on a masked value would tell what the mask hides.
public struct Queryable: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case string, number, integer, boolean, dateTime, geometry
    }

    /// The store's own columns a queryable may be read from without parsing the feature's
    /// properties: a filter on a case's status and type judges a thousand cases in the time one
    /// JSON parse takes.
    public enum Column: Sendable, Hashable { case status, category }

    public var name: String
    public var path: [String]
    /// Set when the feature's `status` or `category` column holds the same value as the path.
    public var column: Column?
    public var kind: Kind
    public var title: String
    /// The values it takes, when they are a closed list (statuses, verdicts).
    public var values: [String]?

    init(_ name: String, _ path: String, _ kind: Kind, _ title: String, values: [String]? = nil, column: Column? = nil) {
        self.column = column
        self.name = name
        self.path = path.split(separator: ".").map(String.init)
        self.kind = kind
        self.title = title
        self.values = values
    }

    /// A value written as text (an OGC API property filter, a Filter Encoding literal) as this
    /// queryable's type reads it: numbers, xs:boolean (true, false, 1, 0), RFC 3339 instants;
    /// nil when the text does not read as that type.
    public func operand(text: String) -> CQL2Operand? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .number, .integer: return Double(t).flatMap { $0.isFinite ? .number($0) : nil }
        case .boolean: return ["true", "1"].contains(t) ? .boolean(true) : ["false", "0"].contains(t) ? .boolean(false) : nil
        case .dateTime: return CityTime.parse(t).map(CQL2Operand.instant)
        case .string, .geometry: return .string(text)
        }
    }

    /// What `operand(text:)` expects, for an error message.
    public var expected: String {
        switch kind {
        case .number, .integer: "a number"
        case .boolean: "true or false"
        case .dateTime: "an RFC 3339 date-time"
        case .string, .geometry: "text"
        }
    }

    /// The property's value in a feature's published properties.
    public func value(in properties: JSONObject) -> JSONValue? {
        var v: JSONValue? = .object(properties)
        for key in path { v = v?.objectValue?[key] }
        if case .null? = v { return nil }
        return v
    }

    /// The queryable the OGC API's `datetime` selects on, for the layers that have one.
    public static func temporal(of layer: Layer) -> String? {
        layer == .cases ? "reportedAt" : nil
    }

    public static func of(_ layer: Layer) -> [Queryable] {
        let geometry = Queryable("geometry", "", .geometry, "The feature's geometry (S_INTERSECTS, S_WITHIN, S_CONTAINS, S_DISJOINT, S_DWITHIN)")
        let place: [Queryable] = [
            Queryable("gridCode", "attribution.gridCode", .string, "Grid cell code (单元网格)"),
            Queryable("subDistrict", "attribution.subDistrict", .string, "Sub-district (街道)"),
            Queryable("community", "attribution.community", .string, "Community (居委会)"),
            Queryable("segment", "attribution.segment.segmentID", .string, "Road-chief segment id"),
            Queryable("chief", "attribution.segment.chiefID", .string, "Road chief id"),
            Queryable("redLineVerdict", "attribution.redLine.verdict", .string, "Inside or outside the road red line",
                      values: ["inside", "outside", "needsOnSiteConfirmation"]),
        ]
        let list: [Queryable]
        switch layer {
        case .grids:
            list = [Queryable("code", "code", .string, "Grid cell code"), Queryable("subDistrict", "subDistrictName", .string, "Sub-district"),
                    Queryable("community", "communityName", .string, "Community")]
        case .parcels:
            list = [Queryable("number", "number", .string, "Parcel number"), Queryable("landUse", "landUse", .string, "Land-use code")]
        case .roads:
            list = [Queryable("name", "name", .string, "Road name"), Queryable("roadClass", "roadClass", .string, "OSM road class"),
                    Queryable("oneway", "oneway", .string, "One-way rule"), Queryable("bridge", "bridge", .boolean, "On a bridge"),
                    Queryable("tunnel", "tunnel", .boolean, "In a tunnel")]
        case .segments:
            list = [Queryable("segmentID", "segment.id", .string, "Segment id"), Queryable("roadName", "segment.roadName", .string, "Road name"),
                    Queryable("roadClass", "segment.roadClass", .string, "Road class"), Queryable("chief", "segment.chiefID", .string, "Road chief id"),
                    Queryable("chiefUnit", "chief.unit", .string, "The chief's unit")]
        case .redlines:
            list = [Queryable("roadName", "roadName", .string, "Road name"), Queryable("widthMeters", "widthMeters", .number, "Red-line width, metres")]
        case .storefronts:
            list = [Queryable("name", "name", .string, "Shop name"), Queryable("address", "address", .string, "Address"),
                    Queryable("trade", "trade", .string, "Trade"), Queryable("licenceNumber", "licenceNumber", .string, "Business licence number"),
                    Queryable("licenceStatus", "licenceStatus", .string, "Licence status", column: .category)] + place
        case .structures:
            list = [Queryable("address", "address", .string, "Address"), Queryable("stage", "status.stage", .string, "Enforcement stage", column: .category)] + place
        case .cases:
            list = [Queryable("status", "status", .string, "Case status", values: CaseStatus.allCases.map(\.rawValue), column: .status),
                    Queryable("typeCode", "typeCode", .string, "Case type code", column: .category),
                    Queryable("source", "source", .string, "How it came in", values: CaseSource.allCases.map(\.rawValue)),
                    Queryable("reportedAt", "reportedAt", .dateTime, "When it was reported"),
                    Queryable("description", "description", .string, "Description"),
                    Queryable("structureID", "structureID", .string, "The illegal structure it is about")] + place
        case .officers:
            list = [Queryable("team", "team", .string, "Team (中队)"), Queryable("mode", "mode", .string, "foot, bike or car", values: OfficerMode.allCases.map(\.rawValue)),
                    Queryable("onDuty", "onDuty", .boolean, "On duty")] + place.prefix(3)
        }
        return list + [geometry]
    }
}
