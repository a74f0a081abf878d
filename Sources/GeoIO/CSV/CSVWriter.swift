import GeoCore

/// Writes features as RFC 4180 CSV (UTF-8, CRLF), geometry as a WKT column or, for points, as
/// longitude/latitude columns; to a temporary file renamed into place by `finish()`.
public final class CSVWriter {
    public enum GeometryStyle: Sendable {
        /// One column holding WKT (empty for no geometry).
        case wkt(column: String)
        /// Two columns with x and y of points; other geometry types are an error.
        case lonLat(lon: String, lat: String)
    }

    public let path: String
    public let attributeNames: [String]
    public let geometryStyle: GeometryStyle
    private let file: StagedFile
    private var row = 1

    public init(path: String, attributeNames: [String], geometry: GeometryStyle = .wkt(column: "wkt")) throws(GeoIOError) {
        self.path = path
        self.attributeNames = attributeNames
        self.geometryStyle = geometry
        file = try StagedFile(path: path)
        let geometryNames: [String] = switch geometry {
        case .wkt(let c): [c]
        case .lonLat(let lon, let lat): [lon, lat]
        }
        try writeRow(geometryNames + attributeNames)
    }

    /// `attributes` in `attributeNames` order; null writes an empty cell.
    public func write(geometry: Geometry?, attributes: [DBFValue]) throws(GeoIOError) {
        try file.checkOpen("write")
        do throws(GeoIOError) {
            guard attributes.count == attributeNames.count else {
                throw GeoIOError.badCSV(path: path, line: row + 1, column: "*", reason: "\(attributes.count) values for \(attributeNames.count) columns")
            }
            var cells: [String]
            switch geometryStyle {
            case .wkt: cells = [geometry?.wkt ?? ""]
            case .lonLat:
                switch geometry {
                case nil: cells = ["", ""]
                case .point(let p)?: cells = [String(p.x), String(p.y)]
                case let g?: throw GeoIOError.badCSV(path: path, line: row + 1, column: "geometry", reason: "a \(g.typeName) has no single longitude/latitude")
                }
            }
            cells += attributes.map { $0 == .null ? "" : $0.description }
            try writeRow(cells)
        } catch {
            cancel()
            throw error
        }
    }

    private func writeRow(_ cells: [String]) throws(GeoIOError) {
        try file.write(Array((cells.map { CSVFormat.quoted($0) }.joined(separator: ",") + "\r\n").utf8))
        row += 1
    }

    public func finish() throws(GeoIOError) { try file.finish() }

    public func cancel() { file.cancel() }
}
