import CityModel
import CityStore
import Foundation
import GeoCore
import GeoIO

/// Turns one record's field texts and geometry (already in the working CRS) into the layer's
/// entity, and checks it with the entity's own `validate()`. Every error names the file, the
/// record number and the flat field (with the entity's property when validation found it).
struct EntityBuilder {
    let schema: LayerSchema
    let path: String

    /// The texts of one record, by SCHEMA field name.
    struct Fields {
        let schema: LayerSchema
        let texts: [String?]
        subscript(_ name: String) -> String? {
            guard let i = schema.fields.firstIndex(where: { $0.name == name }) else {
                preconditionFailure("\(name) is not a field of \(schema.layer.rawValue)")
            }
            return texts[i]
        }
    }

    func build(record: Int, texts: [String?], extra: [String: String] = [:], geometry: Geometry?) throws(CityImportError) -> LayerEntity {
        let f = Fields(schema: schema, texts: texts)
        guard let geometry, !geometry.isEmpty else {
            throw .badRecord(path: path, record: record, field: "geometry", reason: "is null or empty; a \(schema.layer.rawValue) record needs a \(schema.geometry.rawValue)")
        }
        let entity: LayerEntity
        do {
            entity = try make(f, extra: extra, geometry: geometry, record: record)
        } catch let e as CityImportError {
            throw e
        } catch {
            throw .badRecord(path: path, record: record, field: "-", reason: "\(error)")
        }
        do {
            try entity.validate()
        } catch CityModelError.invalidEntity(let name, let id, let field, let problem) {
            throw .badRecord(path: path, record: record, field: flatName(of: field),
                             reason: "\(name) \(id.isEmpty ? "(no id)" : id): \(field) \(problem)")
        } catch {
            throw .badRecord(path: path, record: record, field: "-", reason: "\(error)")
        }
        return entity
    }

    private func make(_ f: Fields, extra: [String: String], geometry: Geometry, record: Int) throws -> LayerEntity {
        // `bad` captures this path, not `self`: a closure over `self` copies the builder (its
        // schema and date formatters) on every record, and on all cores those retains contend.
        let path = self.path
        func bad(_ field: String, _ reason: String) -> CityImportError {
            .badRecord(path: path, record: record, field: field, reason: reason)
        }
        func required(_ name: String) throws -> String {
            guard let v = f[name] else { throw bad(name, "is empty") }
            return v
        }
        switch schema.layer {
        case .grids:
            let codeText = try required("CODE")
            let code: GridCode
            do { code = try GridCode(parsing: codeText) } catch { throw bad("CODE", "\(error)") }
            return .grid(GridCell(code: code, subDistrictName: try required("STREET"), communityName: try required("COMMUNITY"),
                                  officer: f["OFFICER"], shape: try GeometryShapes.multiPolygon(geometry, path: path, record: record)))
        case .parcels:
            return .parcel(Parcel(number: try required("PARCEL_NO"), landUse: try FlatValues.landUse(try required("LANDUSE"), bad),
                                  holder: f["HOLDER"], polygon: try GeometryShapes.polygon(geometry, path: path, record: record)))
        case .roads:
            return .road(try road(f, extra: extra, geometry: geometry, record: record, bad: bad))
        case .segments:
            let id = try required("SEG_ID")
            var chief: RoadChief?
            if let chiefID = f["CHIEF_ID"] {
                chief = RoadChief(id: chiefID, name: f["CHIEF"] ?? "", unit: f["CHIEF_UNIT"] ?? "", phone: f["CHIEF_TEL"] ?? "")
            } else if let other = ["CHIEF", "CHIEF_UNIT", "CHIEF_TEL"].first(where: { f[$0] != nil }) {
                throw bad("CHIEF_ID", "is empty but \(other) is given; a chief needs an id")
            }
            let segment = RoadSegment(id: id, roadName: try required("ROAD_NAME"), roadClass: FlatValues.roadClass(f["CLASS"]),
                                      centreline: try GeometryShapes.lineString(geometry, path: path, record: record), chiefID: chief?.id)
            return .segment(ChiefSegment(segment: segment, chief: chief))
        case .redlines:
            let widthText = try required("WIDTH_M")
            guard let width = Double(widthText) else { throw bad("WIDTH_M", "'\(widthText)' is not a number") }
            return .redLine(RedLine(id: try required("RL_ID"), roadName: try required("ROAD_NAME"),
                                    polygon: try GeometryShapes.polygon(geometry, path: path, record: record), widthMeters: width))
        case .storefronts:
            let licence = f["LICENCE"]
            let status = try f["LIC_STATUS"].map { t throws in
                guard let s = FlatValues.licenceStatus(t) else {
                    throw bad("LIC_STATUS", "'\(t)' is not one of \(LicenceStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return s
            } ?? (licence == nil ? .unlicensed : .licensed)
            return .storefront(Storefront(id: try required("SHOP_ID"), name: try required("NAME"), address: try required("ADDRESS"),
                                          licenceNumber: licence, licenceStatus: status, trade: try required("TRADE"),
                                          point: try GeometryShapes.point(geometry, path: path, record: record),
                                          flags: try FlatValues.flags(f["FLAGS"], bad)))
        case .structures:
            var demolishedOn: Date?
            if let t = f["DEMOLISHED"] {
                guard let d = CityTime.parse(t) else { throw bad("DEMOLISHED", "'\(t)' is not a date (YYYY-MM-DD)") }
                demolishedOn = d
            }
            let status = try FlatValues.structureStatus(f["STATUS"], demolishedOn: demolishedOn, bad)
            return .structure(IllegalStructure(id: try required("STRUCT_ID"), holder: try required("HOLDER"), address: try required("ADDRESS"),
                                               footprint: try GeometryShapes.polygon(geometry, path: path, record: record), status: status))
        case .cases:
            let sourceText = try required("SOURCE")
            guard let source = FlatValues.caseSource(sourceText) else {
                throw bad("SOURCE", "'\(sourceText)' is not one of \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let reportedText = try required("REPORTED")
            guard let reported = CityTime.parse(reportedText) else {
                throw bad("REPORTED", "'\(reportedText)' is not an ISO 8601 date-time (2026-11-20T09:30:00+08:00)")
            }
            return .violationCase(ViolationCase(id: try required("CASE_ID"), typeCode: try required("TYPE"), source: source,
                                                point: try GeometryShapes.point(geometry, path: path, record: record),
                                                description: f["DESCR"] ?? "", storefrontID: f["SHOP_ID"], structureID: f["STRUCT_ID"],
                                                reportedAt: reported))
        case .officers:
            var mode = OfficerMode.foot
            if let t = f["MODE"] {
                guard let m = FlatValues.officerMode(t) else {
                    throw bad("MODE", "'\(t)' is not one of \(OfficerMode.allCases.map(\.rawValue).joined(separator: ", ")) (步行/自行车/汽车)")
                }
                mode = m
            }
            var onDuty = false
            if let t = f["ON_DUTY"] {
                guard let d = FlatValues.structureFlag(t) else { throw bad("ON_DUTY", "'\(t)' is not yes or no (是/否)") }
                onDuty = d
            }
            return .officer(Officer(id: try required("OFFICER_ID"), name: try required("NAME"), team: try required("TEAM"), mode: mode,
                                    onDuty: onDuty, phone: f["PHONE"], accountID: f["ACCOUNT"],
                                    base: try GeometryShapes.point(geometry, path: path, record: record)))
        }
    }

    /// A road with its traffic fields. A file made from OpenStreetMap by GDAL carries the tags it
    /// has no column for in `other_tags` (hstore text); they fill the fields the file lacks, with
    /// OSM's implied one-way for roundabouts and motorways.
    private func road(_ f: Fields, extra: [String: String], geometry: Geometry, record: Int,
                      bad: (String, String) -> CityImportError) throws -> Road {
        let osm = extra["other_tags"].map { OSMTags.parse(hstore: $0) } ?? [:]
        func text(_ field: String, _ tag: String) -> String? { f[field] ?? osm[tag] }
        let highway = f["CLASS"]
        let roadClass = FlatValues.roadClass(highway)
        var oneway = RoadOneway.no
        if let t = text("ONEWAY", "oneway") {
            guard let o = RoadOneway(text: t) else {
                throw bad("ONEWAY", "'\(t)' is not a one-way value (yes, -1 or empty; 是/否)")
            }
            oneway = o
        } else if osm["junction"] == "roundabout" || roadClass == .motorway {
            oneway = .forward
        }
        func deck(_ field: String, _ tag: String) throws -> Bool {
            guard let t = text(field, tag) else { return false }
            guard let v = FlatValues.structureFlag(t) else {
                throw bad(field, "'\(t)' is not yes or no (or an OSM \(tag) value such as viaduct)")
            }
            return v
        }
        var layer: Int?
        if let t = text("LAYER", "layer") {
            // A numeric DBF column reads as "1.0" through some writers; a fraction is a typo.
            guard let d = Double(t), d.rounded() == d, let l = Int(exactly: d) else { throw bad("LAYER", "'\(t)' is not an integer") }
            layer = l
        }
        func required(_ name: String) throws -> String {
            guard let v = f[name] else { throw bad(name, "is empty") }
            return v
        }
        return Road(id: try required("ROAD_ID"), name: try required("NAME"), roadClass: roadClass, isLink: highway.map { $0.lowercased().hasSuffix("_link") } ?? false,
                    oneway: oneway, bridge: try deck("BRIDGE", "bridge"), tunnel: try deck("TUNNEL", "tunnel"), layer: layer,
                    centreline: try GeometryShapes.multiLineString(geometry, path: path, record: record))
    }

    /// The flat field an entity property comes from (`licenceNumber` → LICENCE), for messages.
    func flatName(of property: String) -> String {
        let head = String(property.prefix { $0 != "." && $0 != "[" })
        let table: [String: String] = [
            "subDistrictName": "STREET", "communityName": "COMMUNITY", "officer": "OFFICER", "number": "PARCEL_NO",
            "holder": "HOLDER", "name": schema.layer == .roads ? "NAME" : schema.layer == .storefronts ? "NAME" : "CHIEF",
            "roadName": schema.layer == .segments ? "ROAD_NAME" : "ROAD_NAME", "unit": "CHIEF_UNIT", "phone": "CHIEF_TEL",
            "widthMeters": "WIDTH_M", "layer": "LAYER", "oneway": "ONEWAY", "bridge": "BRIDGE", "tunnel": "TUNNEL", "address": "ADDRESS", "trade": "TRADE", "licenceNumber": "LICENCE",
            "typeCode": "TYPE", "reportedAt": "REPORTED", "storefrontID": "SHOP_ID", "structureID": "STRUCT_ID",
            "shape": "geometry", "polygon": "geometry", "centreline": "geometry", "footprint": "geometry", "point": "geometry",
        ]
        if head == "id" {
            return schema.fields.first?.name ?? "id"
        }
        return table[head].map { "\($0) (\(property))" } ?? property
    }
}
