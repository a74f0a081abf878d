import GeoIO

/// The flat layer files of the shared contract (geodata/SCHEMA.md): layer name, geometry type and
/// fields, in file order. Text widths are generous so no value is ever cut in the .dbf.
public struct LayerSchema: Sendable {
    public var layer: String
    public var shapeType: ShapeType
    public var fields: [DBFField]

    static func text(_ name: String, _ length: Int) -> DBFField { DBFField(name: name, type: .character, length: length) }

    public static let grids = LayerSchema(layer: "grids", shapeType: .polygon, fields: [
        text("CODE", 19), text("STREET", 40), text("COMMUNITY", 60), text("OFFICER", 20),
    ])
    public static let parcels = LayerSchema(layer: "parcels", shapeType: .polygon, fields: [
        text("PARCEL_NO", 20), text("LANDUSE", 2), text("HOLDER", 80),
    ])
    public static let roads = LayerSchema(layer: "roads", shapeType: .polyLine, fields: [
        text("ROAD_ID", 24), text("NAME", 60), text("CLASS", 20), text("ONEWAY", 3), text("BRIDGE", 3),
        text("TUNNEL", 3), DBFField(name: "LAYER", type: .number, length: 4),
    ])
    public static let segments = LayerSchema(layer: "segments", shapeType: .polyLine, fields: [
        text("SEG_ID", 20), text("ROAD_NAME", 60), text("CLASS", 20), text("CHIEF_ID", 20), text("CHIEF", 20),
        text("CHIEF_UNIT", 60), text("CHIEF_TEL", 20),
    ])
    public static let redlines = LayerSchema(layer: "redlines", shapeType: .polygon, fields: [
        text("RL_ID", 20), text("ROAD_NAME", 60), DBFField(name: "WIDTH_M", type: .number, length: 8, decimals: 1),
    ])
    public static let storefronts = LayerSchema(layer: "storefronts", shapeType: .point, fields: [
        text("SHOP_ID", 20), text("NAME", 80), text("ADDRESS", 100), text("LICENCE", 18), text("LIC_STATUS", 10),
        text("TRADE", 20), text("FLAGS", 100),
    ])
    public static let structures = LayerSchema(layer: "structures", shapeType: .polygon, fields: [
        text("STRUCT_ID", 20), text("HOLDER", 40), text("ADDRESS", 100), text("STATUS", 10), text("DEMOLISHED", 10),
    ])
    public static let cases = LayerSchema(layer: "cases", shapeType: .point, fields: [
        text("CASE_ID", 24), text("TYPE", 4), text("SOURCE", 16), text("DESCR", 254), text("SHOP_ID", 20),
        text("STRUCT_ID", 20), text("REPORTED", 25),
    ])

    public static let officers = LayerSchema(layer: "officers", shapeType: .point, fields: [
        text("OFFICER_ID", 20), text("NAME", 20), text("TEAM", 40), text("MODE", 4), text("ON_DUTY", 3), text("PHONE", 20),
        text("ACCOUNT", 20),
    ])

    public static let all: [LayerSchema] = [grids, parcels, roads, segments, redlines, storefronts, structures, cases, officers]

    /// Side tables: `<layer>.<table>.csv` and their columns.
    public static let recordColumns = ["ENTITY_ID", "KIND", "DATE", "OFFICER", "NOTE", "ATTACHMENTS"]
    public static let historyColumns = ["CASE_ID", "AT", "ACTOR", "EVENT", "ARG", "NOTE"]
}
