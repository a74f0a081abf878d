import CityModel
import Foundation
import CityStore

/// How a flat field's text is read and written.
public enum FlatFieldKind: String, Sendable, Hashable {
    case text, integer, number, date

    /// The dBASE column for export: text 254 wide, integers N(10), numbers N(18,3), dates as text.
    var dbfTypeName: String {
        switch self {
        case .text, .date: "String"
        case .integer: "Integer"
        case .number: "Real"
        }
    }
}

/// One field of a layer file (SCHEMA.md): the name the generator writes and the exporter writes,
/// the names other producers give it (Chinese and English, compared case-insensitively), and
/// whether an import can go without it.
public struct FlatField: Hashable, Sendable {
    public var name: String
    public var aliases: [String]
    public var required: Bool
    public var kind: FlatFieldKind

    public init(_ name: String, _ aliases: [String], required: Bool = false, kind: FlatFieldKind = .text) {
        self.name = name
        self.aliases = aliases
        self.required = required
        self.kind = kind
    }
}

/// The geometry a layer's entities hold, as the file may carry it (a single part of a multi is
/// accepted where one part is expected).
public enum LayerGeometry: String, Sendable, Hashable {
    case point, lineString, polygon
}

/// The flat fields of each layer, in the order SCHEMA.md lists them.
public struct LayerSchema: Sendable {
    public var layer: Layer
    public var geometry: LayerGeometry
    public var fields: [FlatField]

    public static func of(_ layer: Layer) -> LayerSchema {
        switch layer {
        case .grids:
            LayerSchema(layer: layer, geometry: .polygon, fields: [
                FlatField("CODE", ["网格编码", "网格编号", "网格代码", "grid_code", "gridcode", "code", "wgbm"], required: true),
                FlatField("STREET", ["街道", "街道名称", "街镇", "street", "subdistrict", "sub_district"], required: true),
                FlatField("COMMUNITY", ["社区", "居委会", "居委", "社区名称", "居委会名称", "community"], required: true),
                FlatField("OFFICER", ["网格员", "网格员姓名", "officer", "grid_officer"]),
            ])
        case .parcels:
            LayerSchema(layer: layer, geometry: .polygon, fields: [
                FlatField("PARCEL_NO", ["宗地号", "宗地代码", "宗地编号", "parcel_no", "parcelno", "parcel", "zddm"], required: true),
                FlatField("LANDUSE", ["用地性质", "地类编码", "土地用途", "landuse", "land_use", "dlbm"], required: true),
                FlatField("HOLDER", ["权利人", "holder", "owner"]),
            ])
        case .roads:
            LayerSchema(layer: layer, geometry: .lineString, fields: [
                FlatField("ROAD_ID", ["道路编号", "road_id", "roadid", "osm_id", "id"], required: true),
                FlatField("NAME", ["路名", "道路名称", "name", "road_name"], required: true),
                FlatField("CLASS", ["道路等级", "class", "highway", "fclass"]),
                FlatField("ONEWAY", ["单行", "单向", "oneway"]),
                FlatField("BRIDGE", ["桥梁", "bridge"]),
                FlatField("TUNNEL", ["隧道", "tunnel"]),
                FlatField("LAYER", ["层", "layer"], kind: .integer),
            ])
        case .segments:
            LayerSchema(layer: layer, geometry: .lineString, fields: [
                FlatField("SEG_ID", ["路段编号", "seg_id", "segment_id", "id"], required: true),
                FlatField("ROAD_NAME", ["路名", "道路名称", "road_name", "name", "road"], required: true),
                FlatField("CLASS", ["道路等级", "class", "highway", "fclass"]),
                FlatField("CHIEF_ID", ["路长编号", "chief_id", "chiefid"]),
                FlatField("CHIEF", ["路长", "路长姓名", "chief", "chief_name"]),
                FlatField("CHIEF_UNIT", ["路长单位", "工作单位", "chief_unit", "unit"]),
                FlatField("CHIEF_TEL", ["路长电话", "联系电话", "电话", "chief_tel", "phone", "tel"]),
            ])
        case .redlines:
            LayerSchema(layer: layer, geometry: .polygon, fields: [
                FlatField("RL_ID", ["红线编号", "rl_id", "redline_id", "id"], required: true),
                FlatField("ROAD_NAME", ["路名", "道路名称", "road_name", "name", "road"], required: true),
                FlatField("WIDTH_M", ["红线宽度", "规划宽度", "宽度", "width_m", "width"], required: true, kind: .number),
            ])
        case .storefronts:
            LayerSchema(layer: layer, geometry: .point, fields: [
                FlatField("SHOP_ID", ["门店编号", "店铺编号", "shop_id", "store_id", "id"], required: true),
                FlatField("NAME", ["门店名称", "店名", "店铺名称", "name", "shop_name"], required: true),
                FlatField("ADDRESS", ["地址", "门牌地址", "经营地址", "address", "addr"], required: true),
                FlatField("LICENCE", ["营业执照", "营业执照号", "统一社会信用代码", "licence", "license", "licence_no", "license_no", "uscc"]),
                FlatField("LIC_STATUS", ["证照状态", "lic_status", "licence_status", "license_status"]),
                FlatField("TRADE", ["行业", "业态", "trade", "industry"], required: true),
                FlatField("FLAGS", ["标记", "flags"]),
            ])
        case .structures:
            LayerSchema(layer: layer, geometry: .polygon, fields: [
                FlatField("STRUCT_ID", ["违建编号", "struct_id", "structure_id", "id"], required: true),
                FlatField("HOLDER", ["户主", "当事人", "权利人", "holder", "owner"], required: true),
                FlatField("ADDRESS", ["地址", "门牌地址", "address", "addr"], required: true),
                FlatField("STATUS", ["状态", "处置状态", "status"]),
                FlatField("DEMOLISHED", ["拆除日期", "demolished", "demolished_on"], kind: .date),
            ])
        case .cases:
            LayerSchema(layer: layer, geometry: .point, fields: [
                FlatField("CASE_ID", ["案件编号", "案卷号", "case_id", "id"], required: true),
                FlatField("TYPE", ["案件类型", "类型代码", "type", "type_code", "case_type"], required: true),
                FlatField("SOURCE", ["案件来源", "来源", "source"], required: true),
                FlatField("DESCR", ["问题描述", "描述", "descr", "description"]),
                FlatField("SHOP_ID", ["门店编号", "shop_id", "storefront_id"]),
                FlatField("STRUCT_ID", ["违建编号", "struct_id", "structure_id"]),
                FlatField("REPORTED", ["上报时间", "reported", "reported_at"], required: true),
            ])
        case .officers:
            // The roster (花名册): the point is the team's station, where an officer stands until
            // the duty app's first fix.
            LayerSchema(layer: layer, geometry: .point, fields: [
                FlatField("OFFICER_ID", ["队员编号", "执法证号", "officer_id", "id"], required: true),
                FlatField("NAME", ["姓名", "队员姓名", "name"], required: true),
                FlatField("TEAM", ["中队", "所属中队", "team", "squad"], required: true),
                FlatField("MODE", ["巡查方式", "出行方式", "mode", "travel_mode"]),
                FlatField("ON_DUTY", ["在岗", "在岗状态", "on_duty", "duty"]),
                FlatField("PHONE", ["电话", "联系电话", "手机", "phone", "tel"]),
                FlatField("ACCOUNT", ["账号", "account", "account_id"]),
            ])
        }
    }

    public func field(named name: String) -> FlatField? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
