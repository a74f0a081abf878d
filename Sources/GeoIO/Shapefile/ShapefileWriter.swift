import GeoCore

/// Writes a shapefile set (.shp, .shx, .dbf, .cpg "UTF-8", .prj when given) record by record.
/// Everything goes to temporary files that `finish()` renames into place; an error, `cancel()` or
/// dropping the writer unfinished removes them, so nothing half-written is ever left behind.
///
/// Field names longer than 10 bytes are shortened (`warnings` says how). Text longer than its C
/// field is cut at a character boundary in the .dbf and written in full to a side table,
/// `<name>.longtext.csv` (record, field, text), also reported in `warnings`.
public final class ShapefileWriter {
    public let path: String
    public let shapeType: ShapeType
    /// The fields as written (laundered names).
    public let fields: [DBFField]
    public private(set) var warnings: [GeoIOWarning] = []
    public private(set) var recordCount = 0

    private let files = AtomicFileSet()
    private let shp: FileSink, shx: FileSink, dbf: DBFWriter
    private let base: String
    private var bbox = Envelope.empty
    private var zRange: ClosedRange<Double>?
    private var longText: [(record: Int, field: String, text: String)] = []
    private var failed = false, finished = false
    private let prjWKT: String?

    /// `path` is the .shp path (or the base name without extension). M types cannot be written.
    public init(path: String, shapeType: ShapeType, fields: [DBFField], prjWKT: String? = nil) throws(GeoIOError) {
        guard shapeType != .multiPatch, !(shapeType.hasM && !shapeType.hasZ) else {
            throw .badArgument(parameter: "shapeType", reason: "\(shapeType.name) cannot be written")
        }
        base = path.lowercased().hasSuffix(".shp") ? String(path.dropLast(4)) : path
        self.path = base + ".shp"
        self.shapeType = shapeType
        self.prjWKT = prjWKT
        let (names, changes) = DBFFieldNames.laundered(fields.map(\.name))
        var written = fields
        for i in written.indices { written[i].name = names[i] }
        self.fields = written
        for c in changes {
            warnings.append(GeoIOWarning(path: base + ".dbf", field: c.from, message: "field name written as \(c.to) (dBASE allows 10 bytes)"))
        }
        shp = try FileSink(path: files.temporaryPath(for: base + ".shp"))
        shx = try FileSink(path: files.temporaryPath(for: base + ".shx"))
        dbf = try DBFWriter(path: files.temporaryPath(for: base + ".dbf"), finalPath: base + ".dbf", fields: written)
        let placeholder = [UInt8](repeating: 0, count: 100)
        try shp.write(placeholder)
        try shx.write(placeholder)
    }

    /// Appends one record; `attributes` in `fields` order. nil or empty geometry writes a Null shape.
    public func write(geometry: Geometry?, attributes: [DBFValue]) throws(GeoIOError) {
        guard !failed, !finished else { throw .badArgument(parameter: "write", reason: "the writer has failed or finished") }
        do {
            let record = recordCount + 1
            let (content, envelope, z) = try ShapeEncoder.encode(geometry, as: shapeType, record: record, path: path)
            var header = ByteBuffer()
            header.int32BE(record); header.int32BE(content.count / 2)
            var index = ByteBuffer()
            index.int32BE(shp.length / 2); index.int32BE(content.count / 2)
            try shp.write(header.bytes + content)
            try shx.write(index.bytes)
            for (field, text) in try dbf.write(attributes, record: record) {
                longText.append((record, field, text))
            }
            bbox = bbox.union(envelope)
            if let z { zRange = zRange.map { min($0.lowerBound, z.lowerBound)...max($0.upperBound, z.upperBound) } ?? z }
            recordCount = record
        } catch {
            cancel()
            throw error
        }
    }

    /// Patches the headers, writes .cpg/.prj (and the long-text side table) and renames every
    /// file into place.
    public func finish() throws(GeoIOError) {
        guard !failed, !finished else { throw .badArgument(parameter: "finish", reason: "the writer has failed or finished") }
        do {
            try shp.patch(at: 0, header(fileLength: shp.length))
            try shx.patch(at: 0, header(fileLength: shx.length))
            try shp.close()
            try shx.close()
            try dbf.finish()
            try writeText("UTF-8", to: base + ".cpg")
            if let prjWKT { try writeText(prjWKT, to: base + ".prj") }
            if !longText.isEmpty {
                let sidePath = base + ".longtext.csv"
                var csv = "record,field,text\r\n"
                for row in longText { csv += "\(row.record),\(CSVFormat.quoted(row.field)),\(CSVFormat.quoted(row.text))\r\n" }
                try writeText(csv, to: sidePath)
                warnings.append(GeoIOWarning(path: base + ".dbf", message: "\(longText.count) text values longer than their field were cut in the .dbf; full text in \(sidePath)"))
            }
            try files.commit()
            finished = true
        } catch {
            cancel()
            throw error
        }
    }

    /// Abandons the set: temporary files are removed and nothing appears at `path`.
    public func cancel() {
        failed = true
        files.abort()
    }

    private func writeText(_ text: String, to final: String) throws(GeoIOError) {
        let sink = try FileSink(path: files.temporaryPath(for: final))
        try sink.write(Array(text.utf8))
        try sink.close()
    }

    private func header(fileLength: Int) -> [UInt8] {
        var b = ByteBuffer()
        b.int32BE(9994); b.zeros(20)
        b.int32BE(fileLength / 2)
        b.int32LE(1000); b.int32LE(shapeType.rawValue)
        let e = bbox.isEmpty ? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0) : bbox
        b.doubleLE(e.minX); b.doubleLE(e.minY); b.doubleLE(e.maxX); b.doubleLE(e.maxY)
        b.doubleLE(zRange?.lowerBound ?? 0); b.doubleLE(zRange?.upperBound ?? 0)
        b.doubleLE(0); b.doubleLE(0)
        return b.bytes
    }
}
