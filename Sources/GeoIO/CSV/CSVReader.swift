import GeoCore

/// Streams a CSV file (RFC 4180: quoted fields may hold separators, quotes as "" and line breaks;
/// CRLF or LF) with a header row. Geometry comes from a WKT column (wkt, geometry, geom, the_geom,
/// shape) or from longitude/latitude columns (lon, lng, long, longitude, x, 经度 / lat, latitude,
/// y, 纬度), names compared case-insensitively. Other columns become string attributes (CSV has no
/// types), empty cells null. Text is UTF-8 (a BOM is skipped); a file that is not valid UTF-8 is
/// read as GB18030 with a warning, or in the encoding given.
public final class CSVReader: FeatureSource {
    public let path: String
    public let header: [String]
    public var fieldNames: [String]? { attributeColumns.map { header[$0] } }
    public var crsText: String? { nil }
    public private(set) var warnings: [GeoIOWarning] = []
    /// How geometry is read: the WKT column, or the x and y columns.
    public let geometryColumns: GeometryColumns

    public enum GeometryColumns: Hashable, Sendable {
        case wkt(Int)
        case lonLat(lon: Int, lat: Int)
        case none
    }

    static let wktNames: Set<String> = ["wkt", "geometry", "geom", "the_geom", "shape"]
    static let lonNames: [String] = ["lon", "lng", "long", "longitude", "经度", "x"]
    static let latNames: [String] = ["lat", "latitude", "纬度", "y"]

    private let input: ChunkedInput
    private let separator: UInt8
    private var decoder: TextDecoder
    private let attributeColumns: [Int]
    /// The physical line the next record starts on (1-based).
    private var line = 1

    public init(path: String, separator: Character? = nil, encoding: TextEncoding? = nil) throws(GeoIOError) {
        self.path = path
        input = try ChunkedInput(path: path)
        self.separator = separator.flatMap(\.asciiValue) ?? (path.lowercased().hasSuffix(".tsv") ? 0x09 : 0x2C)
        var dec = try TextDecoder(encoding ?? .utf8)
        var notes: [GeoIOWarning] = []
        if try input.peek() == 0xEF, try input.peek(1) == 0xBB, try input.peek(2) == 0xBF { input.start += 3 }
        var lineNumber = line
        guard let names = try Self.readRecord(input, separator: self.separator, line: &lineNumber) else {
            throw .badCSV(path: path, line: 1, column: "-", reason: "the file is empty: no header row")
        }
        line = lineNumber
        var decodedNames: [String] = []
        for raw in names {
            var (text, valid) = raw.withUnsafeBytes { dec.decode($0) }
            if !valid, encoding == nil, dec.encoding.isUTF8 {
                dec = try TextDecoder(.gb18030)
                notes.append(GeoIOWarning(path: path, record: 1, message: "the header is not valid UTF-8; reading the file as GB18030"))
                text = raw.withUnsafeBytes { dec.decode($0).text }
            }
            decodedNames.append(text.trimmingWhitespaceAndBOM())
        }
        header = decodedNames
        decoder = dec
        let lowered = header.map { $0.lowercased() }
        if let w = lowered.firstIndex(where: Self.wktNames.contains) {
            geometryColumns = .wkt(w)
        } else if let lon = Self.lonNames.lazy.compactMap({ lowered.firstIndex(of: $0) }).first,
                  let lat = Self.latNames.lazy.compactMap({ lowered.firstIndex(of: $0) }).first {
            geometryColumns = .lonLat(lon: lon, lat: lat)
        } else {
            geometryColumns = .none
            notes.append(GeoIOWarning(path: path, record: 1, message: "no WKT or longitude/latitude column; features have no geometry"))
        }
        let geometryIndices: Set<Int> = switch geometryColumns {
        case .wkt(let w): [w]
        case .lonLat(let lon, let lat): [lon, lat]
        case .none: []
        }
        attributeColumns = header.indices.filter { !geometryIndices.contains($0) }
        warnings = notes
    }

    public func nextFeature() throws(GeoIOError) -> SourceFeature? {
        var startLine = line
        var raw: [[UInt8]]
        repeat {
            startLine = line
            var l = line
            guard let r = try Self.readRecord(input, separator: separator, line: &l) else { return nil }
            line = l
            raw = r
        } while raw.count == 1 && raw[0].isEmpty  // blank lines
        guard raw.count == header.count else {
            throw .badCSV(path: path, line: startLine, column: "#\(min(raw.count, header.count) + 1)",
                          reason: "\(raw.count) fields, the header has \(header.count)")
        }
        var cells: [String] = []
        for (i, bytes) in raw.enumerated() {
            let (text, valid) = bytes.withUnsafeBytes { decoder.decode($0) }
            if !valid {
                warnings.append(GeoIOWarning(path: path, record: startLine, field: header[i],
                                             message: "bytes are not valid \(decoder.encoding.iconvName); replaced by U+FFFD"))
            }
            cells.append(text)
        }
        let geometry = try readGeometry(cells, line: startLine)
        let attributes = attributeColumns.map { i in
            SourceAttribute(name: header[i], value: cells[i].isEmpty ? .null : .string(cells[i]))
        }
        return SourceFeature(recordNumber: startLine, geometry: geometry, attributes: attributes)
    }

    private func readGeometry(_ cells: [String], line: Int) throws(GeoIOError) -> Geometry? {
        switch geometryColumns {
        case .none:
            return nil
        case .wkt(let w):
            let text = cells[w].trimmingWhitespaceAndBOM()
            if text.isEmpty { return nil }
            do {
                return try Geometry(wkt: text)
            } catch {
                throw .badCSV(path: path, line: line, column: header[w], reason: "\(error)")
            }
        case .lonLat(let lonIndex, let latIndex):
            let lonText = cells[lonIndex].trimmingWhitespaceAndBOM(), latText = cells[latIndex].trimmingWhitespaceAndBOM()
            if lonText.isEmpty && latText.isEmpty { return nil }
            guard let x = Double(lonText), x.isFinite else {
                throw .badCSV(path: path, line: line, column: header[lonIndex], reason: "'\(lonText)' is not a number")
            }
            guard let y = Double(latText), y.isFinite else {
                throw .badCSV(path: path, line: line, column: header[latIndex], reason: "'\(latText)' is not a number")
            }
            return .point(Point(x: x, y: y))
        }
    }

    /// One RFC 4180 record as raw field bytes; nil at end of file. `line` advances past every
    /// line break read, including those inside quoted fields.
    static func readRecord(_ input: ChunkedInput, separator: UInt8, line: inout Int) throws(GeoIOError) -> [[UInt8]]? {
        guard try input.peek() != nil else { return nil }
        var fields: [[UInt8]] = [], field: [UInt8] = [], quoted = false, wasQuoted = false
        while let b = try input.peek() {
            input.start += 1
            if quoted {
                if b == 0x22 {
                    if try input.peek() == 0x22 { field.append(0x22); input.start += 1 } else { quoted = false }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case 0x22 where field.isEmpty && !wasQuoted: quoted = true; wasQuoted = true
            case separator: fields.append(field); field = []; wasQuoted = false
            case 0x0D:
                if try input.peek() == 0x0A { input.start += 1 }
                line += 1
                fields.append(field)
                return fields
            case 0x0A:
                line += 1
                fields.append(field)
                return fields
            default: field.append(b)
            }
        }
        fields.append(field)
        return fields
    }
}
