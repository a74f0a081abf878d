import CityModel
import CityStore
import Foundation
import GeoCore
import GeoIO

/// Writes a stored layer back to a layer file of SCHEMA.md, so that an export imports again:
/// shapefile in the working CRS with its .prj and a UTF-8 .cpg; GeoJSON (or GeoJSONSeq) and CSV in
/// WGS84 lon/lat as RFC 7946 wants; side tables beside the file. Every writer writes to temporary
/// files renamed into place at the end, so a failed export leaves nothing behind.
public struct LayerExporter {
    public enum Format: String, CaseIterable, Sendable {
        case shp, geojson, geojsonseq, csv
    }

    public struct Summary: Sendable {
        public var features: Int
        public var files: [String]
        public var warnings: [String]
    }

    public let provider: any CRSProvider
    public let workingCRS: String

    public init(provider: any CRSProvider, workingCRS: String = "EPSG:4549") {
        self.provider = provider
        self.workingCRS = workingCRS
    }

    /// - Parameter bbox: a lon/lat (WGS84) box; only features whose envelope meets it are written.
    public func export(_ layer: Layer, from store: CityStore, format: Format, to path: String,
                       bbox: Envelope? = nil, photos: PhotoLibrary? = nil) throws(CityImportError) -> Summary {
        let schema = LayerSchema.of(layer)
        var window: Envelope?
        if let bbox { window = try DeploymentArea(lonLat: bbox, working: workingCRS, provider: provider).envelope }
        let features: [StoredFeature] = store.read { view in
            let table = view[layer]
            let rowids: [Int64]
            if let window {
                rowids = table.features.keys.filter { table.features[$0]!.envelope.intersects(window) }.sorted()
            } else {
                rowids = table.features.keys.sorted()
            }
            return rowids.map { table.features[$0]! }
        }
        var records: [FlatRecord] = []
        records.reserveCapacity(features.count)
        do {
            for f in features { records.append(try FlatFields.record(of: f)) }
        } catch {
            throw .store(reason: "reading \(layer.rawValue) for export: \(error)")
        }
        let extraNames = Set(records.flatMap(\.extra.keys)).subtracting(schema.fields.map(\.name)).sorted()
        var summary = Summary(features: records.count, files: [], warnings: [])

        switch format {
        case .shp:
            try writeShapefile(schema: schema, records: records, extraNames: extraNames, path: path, summary: &summary)
        case .geojson, .geojsonseq, .csv:
            var geometries = records.map(\.geometry)
            let back = try Reprojector(source: .definition(workingCRS), working: "EPSG:4326", provider: provider)
            try back.reproject(&geometries, records: Array(1..<(records.count + 1)), path: path)
            for i in records.indices { records[i].geometry = geometries[i] }
            if format == .csv {
                try writeCSV(schema: schema, records: records, extraNames: extraNames, path: path, summary: &summary)
            } else {
                try writeGeoJSON(schema: schema, records: records, extraNames: extraNames, path: path,
                                 sequence: format == .geojsonseq, summary: &summary)
            }
        }
        let sideTables = SideTableWriter(layer: layer, basePath: (path as NSString).deletingPathExtension)
        try sideTables.write(features, summary: &summary)
        if let photos { try sideTables.writePhotos(features, from: photos, summary: &summary) }
        return summary
    }

    private func attributeValues(_ schema: LayerSchema, _ r: FlatRecord, _ extraNames: [String]) -> [DBFValue] {
        var out: [DBFValue] = []
        for (field, text) in zip(schema.fields, r.values) {
            guard let text else { out.append(.null); continue }
            switch field.kind {
            case .text: out.append(.string(text))
            case .integer: out.append(Int(text).map(DBFValue.integer) ?? .string(text))
            case .number: out.append(Double(text).map(DBFValue.double) ?? .string(text))
            case .date:
                let parts = text.split(separator: "-").compactMap { Int($0) }
                out.append(parts.count == 3 ? .date(year: parts[0], month: parts[1], day: parts[2]) : .string(text))
            }
        }
        for name in extraNames { out.append(r.extra[name].map(DBFValue.string) ?? .null) }
        return out
    }

    private func writeShapefile(schema: LayerSchema, records: [FlatRecord], extraNames: [String], path: String,
                                summary: inout Summary) throws(CityImportError) {
        var fields = schema.fields.map { f -> DBFField in
            switch f.kind {
            case .text: DBFField(name: f.name, type: .character, length: 254)
            case .integer: DBFField(name: f.name, type: .number, length: 9)
            case .number: DBFField(name: f.name, type: .number, length: 18, decimals: 3)
            case .date: DBFField(name: f.name, type: .date, length: 8)
            }
        }
        fields += extraNames.map { DBFField(name: $0, type: .character, length: 254) }
        let multi = records.contains { r in
            switch r.geometry { case .multiPolygon?, .multiLineString?, .multiPoint?: true; default: false }
        }
        let z = records.contains { $0.geometry?.hasZ ?? false }
        let base: ShapeType = switch schema.geometry {
        case .point: multi ? .multiPoint : .point
        case .lineString: .polyLine
        case .polygon: .polygon
        }
        let prj: String
        do { prj = try provider.wkt(of: workingCRS) } catch { throw .crs(parameter: workingCRS, reason: "no WKT for the .prj: \(error)") }
        do {
            let writer = try ShapefileWriter(path: path, shapeType: .family(base, z: z), fields: fields, prjWKT: prj)
            for r in records {
                var g = r.geometry
                if multi, case .point(let p)? = g { g = .multiPoint(MultiPoint([p])) }
                try writer.write(geometry: g, attributes: attributeValues(schema, r, extraNames))
            }
            try writer.finish()
            summary.warnings += writer.warnings.map(\.description)
            let base = (writer.path as NSString).deletingPathExtension
            summary.files += ["shp", "shx", "dbf", "prj", "cpg"].map { base + "." + $0 }
        } catch {
            throw .read(error)
        }
    }

    private func writeGeoJSON(schema: LayerSchema, records: [FlatRecord], extraNames: [String], path: String,
                              sequence: Bool, summary: inout Summary) throws(CityImportError) {
        do {
            let writer = try GeoJSONWriter(path: path, format: sequence ? .sequence(recordSeparator: false) : .featureCollection)
            let names = schema.fields.map(\.name) + extraNames
            for r in records {
                let values = attributeValues(schema, r, extraNames)
                try writer.write(geometry: r.geometry, attributes: zip(names, values).map { SourceAttribute(name: $0, value: $1) })
            }
            try writer.finish()
            summary.files.append(path)
        } catch {
            throw .read(error)
        }
    }

    private func writeCSV(schema: LayerSchema, records: [FlatRecord], extraNames: [String], path: String,
                          summary: inout Summary) throws(CityImportError) {
        let names = schema.fields.map(\.name) + extraNames
        do {
            let style: CSVWriter.GeometryStyle = schema.geometry == .point ? .lonLat(lon: "lon", lat: "lat") : .wkt(column: "wkt")
            let writer = try CSVWriter(path: path, attributeNames: names, geometry: style)
            for r in records {
                let values = attributeValues(schema, r, extraNames).map { v -> DBFValue in
                    if case .double(let d) = v { return .string(String(d)) }
                    return v
                }
                try writer.write(geometry: r.geometry, attributes: values)
            }
            try writer.finish()
            summary.files.append(path)
            // The CSV's coordinates are WGS84 lon/lat; a .prj beside it says so to our importer.
            let prjPath = (path as NSString).deletingPathExtension + ".prj"
            if let wkt = try? provider.wkt(of: "EPSG:4326") {
                try? wkt.write(toFile: prjPath, atomically: true, encoding: .utf8)
                summary.files.append(prjPath)
            }
        } catch {
            throw .read(error)
        }
    }
}
