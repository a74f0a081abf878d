import Foundation
import GeoCore
import GeoIO

/// Output format of a run.
public enum LayerFormat: String, CaseIterable, Sendable {
    /// ESRI shapefile set in EPSG:4549 (.shp .shx .dbf .prj .cpg).
    case shapefile = "shp"
    /// RFC 7946 GeoJSON in CRS84 longitude/latitude.
    case geoJSON = "geojson"
}

/// One layer file being written record by record, in either format.
final class LayerSink {
    let schema: LayerSchema
    let path: String
    private var shapefile: ShapefileWriter?
    private var geoJSON: GeoJSONWriter?
    private let toLonLat: CRSConversion?
    private let stamp: (year: Int, month: Int, day: Int)

    /// `stamp` is the date written into the .dbf header, which GeoIO sets to today: the generator
    /// overwrites it with the run's "as of" day so that the same seed gives the same bytes.
    init(schema: LayerSchema, directory: String, format: LayerFormat, toLonLat: CRSConversion?,
         stamp: (year: Int, month: Int, day: Int)) throws(DistrictGeneratorError) {
        self.schema = schema
        self.toLonLat = toLonLat
        self.stamp = stamp
        let base = (directory as NSString).appendingPathComponent(schema.layer)
        do {
            switch format {
            case .shapefile:
                path = base + ".shp"
                shapefile = try ShapefileWriter(path: path, shapeType: schema.shapeType, fields: schema.fields, prjWKT: WorkingCRS.prjWKT)
            case .geoJSON:
                path = base + ".geojson"
                geoJSON = try GeoJSONWriter(path: path)
            }
        } catch {
            throw .cannotWrite(path: base, reason: error.description)
        }
    }

    func write(_ geometry: Geometry, _ values: [DBFValue]) throws(DistrictGeneratorError) {
        precondition(values.count == schema.fields.count, "one value per field of \(schema.layer)")
        do {
            if let shapefile {
                try shapefile.write(geometry: geometry, attributes: values)
            } else if let geoJSON, let toLonLat {
                let lonLat = try toLonLat.lonLat(geometry)
                let properties = JSONObject(zip(schema.fields, values).map { ($0.name, LayerSink.json($1)) })
                try geoJSON.write(Feature(geometry: lonLat, properties: properties))
            }
        } catch let error as GeoIOError {
            throw .cannotWrite(path: path, reason: error.description)
        } catch let error as DistrictGeneratorError {
            throw error
        } catch {
            throw .geometry(layer: schema.layer, id: values.first?.description ?? "", reason: "\(error)")
        }
    }

    func finish() throws(DistrictGeneratorError) {
        do {
            try shapefile?.finish()
            try geoJSON?.finish()
        } catch {
            throw .cannotWrite(path: path, reason: error.description)
        }
        if shapefile != nil { try stampDBF() }
    }

    func cancel() {
        shapefile?.cancel()
        geoJSON?.cancel()
    }

    /// dBASE III header bytes 1–3: year − 1900, month, day of the last update.
    private func stampDBF() throws(DistrictGeneratorError) {
        let dbf = String(path.dropLast(4)) + ".dbf"
        guard let handle = FileHandle(forUpdatingAtPath: dbf) else {
            throw .cannotWrite(path: dbf, reason: "cannot reopen to set the header date")
        }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: 1)
            try handle.write(contentsOf: Data([UInt8(stamp.year - 1900), UInt8(stamp.month), UInt8(stamp.day)]))
        } catch {
            throw .cannotWrite(path: dbf, reason: "\(error)")
        }
    }

    private static func json(_ value: DBFValue) -> JSONValue {
        switch value {
        case .null: .null
        case .string(let s): .string(s)
        case .integer(let i): .number(Double(i))
        case .double(let d): .number(d)
        case .bool(let b): .bool(b)
        case .date: .string(value.description)
        }
    }
}

/// A CSV side table (RFC 4180, UTF-8, CRLF, header row) streamed through a 1 MiB buffer.
final class SideTable {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var rowCount = 0

    init(path: String, columns: [String]) throws(DistrictGeneratorError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw .cannotWrite(path: path, reason: "cannot create the file")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
        try row(columns)
        rowCount = 0
    }

    func row(_ cells: [String]) throws(DistrictGeneratorError) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            if cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                buffer.append(UInt8(ascii: "\""))
                for b in cell.utf8 {
                    if b == UInt8(ascii: "\"") { buffer.append(b) }
                    buffer.append(b)
                }
                buffer.append(UInt8(ascii: "\""))
            } else {
                buffer.append(contentsOf: cell.utf8)
            }
        }
        buffer.append(13)
        buffer.append(10)
        rowCount += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(DistrictGeneratorError) {
        do { try handle.write(contentsOf: buffer) } catch { throw .cannotWrite(path: path, reason: "\(error)") }
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws(DistrictGeneratorError) {
        try flush()
        do { try handle.close() } catch { throw .cannotWrite(path: path, reason: "\(error)") }
    }
}
