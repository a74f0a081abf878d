import GeoCore

/// Streams the records of a shapefile set (.shp/.shx/.dbf/.prj/.cpg), one at a time.
///
/// A pure-Swift reader rather than shapelib: the files are memory-mapped and every read is
/// bounds-checked against the record's content length, so broken files give typed errors naming
/// the record (shapelib returns NULL and leaves the reason on stderr); no C to wrap but iconv;
/// and records decode straight into GeoCore values without an intermediate SHPObject copy.
public final class ShapefileReader {
    public let path: String
    /// nil for an attributes-only set (a .dbf without .shp).
    public let shapeType: ShapeType?
    /// The .shp header's bounding box (and z/m ranges), as declared, not recomputed.
    public let header: ShapefileHeader?
    public var bbox: Envelope? { header?.bbox }
    public let fields: [DBFField]
    /// Whether records carry M (measure) values: an M type, or a Z type whose header M range is
    /// not 0..0 or whose first record has the optional M section (GDAL decides its layer type
    /// the same way). Measures themselves are not kept: GeoCore points have no m.
    public let isMeasured: Bool
    /// The .prj text as found (WKT for the import pipeline to hand to PROJ); nil without a .prj.
    public let prjText: String?
    public let encoding: ResolvedEncoding
    /// Records in the file, deleted ones included.
    public let recordCount: Int
    /// Records flagged deleted in the .dbf, which `next()` skips.
    public let deletedCount: Int
    public private(set) var warnings: [GeoIOWarning] = []

    private let shp: MappedFile?
    private let index: ShapeIndex?
    private let dbf: DBFTable?
    private let decoder: TextDecoder
    private let options: ShapefileReadOptions
    private var position = 0

    /// Opens the set that `path` belongs to: the .shp or any sibling, any extension case.
    public init(path: String, options: ShapefileReadOptions = ShapefileReadOptions()) throws(GeoIOError) {
        let files = try ShapefileSiblings(anyMember: path)
        self.options = options
        var warnings: [GeoIOWarning] = []
        var shpCount: Int?
        if let shpPath = files.shp {
            let shp = try MappedFile(path: shpPath)
            let view = ByteView(bytes: shp.bytes)
            let header = try ShapefileHeader(view: view, path: shpPath)
            var index: ShapeIndex?
            if let shxPath = files.shx {
                let (fromSHX, problem) = ShapeIndex.fromSHX(try MappedFile(path: shxPath), shp: view)
                index = fromSHX
                if let problem {
                    warnings.append(GeoIOWarning(path: shxPath, message: "\(problem); index rebuilt from the .shp"))
                }
            } else {
                warnings.append(GeoIOWarning(path: shpPath, message: "no .shx; index rebuilt by walking the .shp records"))
            }
            if index == nil { index = try ShapeIndex.walking(view, declaredLength: header.fileLength, path: shpPath) }
            var measured = header.shapeType.hasM && !header.shapeType.hasZ
            if header.shapeType.hasZ {
                measured = header.mRange.map { !($0.lowerBound == 0 && $0.upperBound == 0) } ?? false
                if !measured, let first = index!.offsets.first, view.has(first, 8) {
                    measured = ShapeDecoder(view: view, path: shpPath).hasMeasures(start: first + 8, length: view.int32BE(first + 4) * 2)
                }
            }
            isMeasured = measured
            self.shp = shp
            self.index = index
            self.header = header
            shapeType = header.shapeType
            shpCount = index!.offsets.count
            self.path = shpPath
        } else {
            shp = nil; index = nil; header = nil; shapeType = nil; isMeasured = false
            self.path = files.dbf!
            warnings.append(GeoIOWarning(path: files.dbf!, message: "no .shp: attributes only, every geometry is nil"))
        }

        if let dbfPath = files.dbf {
            let table = try DBFTable(path: dbfPath)
            if let shpCount, shpCount != table.recordCount {
                throw .recordCountMismatch(shpPath: files.shp!, shpCount: shpCount, dbfPath: dbfPath, dbfCount: table.recordCount)
            }
            dbf = table
            recordCount = table.recordCount
            var deleted = 0
            for i in 0..<table.recordCount where table.isDeleted(i) { deleted += 1 }
            deletedCount = deleted
        } else {
            dbf = nil
            recordCount = shpCount ?? 0
            deletedCount = 0
            warnings.append(GeoIOWarning(path: files.base + ".dbf", message: "no .dbf: records have no attributes"))
        }

        encoding = try Self.resolveEncoding(files: files, dbf: dbf, option: options.encoding, warnings: &warnings)
        let decoder = try TextDecoder(encoding.encoding)
        self.decoder = decoder
        fields = dbf.map { $0.namedFields(decoder: decoder) } ?? []
        if let dbf { warnings += dbf.warnings }
        if fields.contains(where: { $0.type == .memo }) {
            warnings.append(GeoIOWarning(path: files.dbf!, message: "memo (M) fields hold .dbt block numbers; memo text is not read"))
        }
        prjText = ShapefileSiblings.text(at: files.prj)
        self.warnings = warnings
    }

    /// The next record that is not deleted, or nil at the end.
    public func next() throws(GeoIOError) -> ShapefileRecord? {
        while position < recordCount {
            let i = position
            position += 1
            if let dbf, dbf.isDeleted(i) { continue }
            var geometry: Geometry?
            if let shp, let index {
                geometry = try readShape(i, shp: shp, offset: index.offsets[i])
            }
            let attributes = try dbf?.values(i, record: i + 1, fields: fields, decoder: decoder,
                                             strict: options.strict, warnings: &warnings) ?? []
            return ShapefileRecord(recordNumber: i + 1, geometry: geometry, attributes: attributes)
        }
        return nil
    }

    /// Every remaining record (convenience for small files and tests).
    public func readAll() throws(GeoIOError) -> [ShapefileRecord] {
        var all: [ShapefileRecord] = []
        while let r = try next() { all.append(r) }
        return all
    }

    private func readShape(_ i: Int, shp: MappedFile, offset: Int) throws(GeoIOError) -> Geometry? {
        let view = ByteView(bytes: shp.bytes)
        guard view.has(offset, 8) else {
            throw .truncated(path: shp.path, record: i + 1, reason: "record header at offset \(offset) is past the end of the file (\(view.count) bytes)")
        }
        let length = view.int32BE(offset + 4) * 2
        if length == 0 {
            // shapelib and GDAL read an empty record as a Null shape; say so rather than fail.
            warnings.append(GeoIOWarning(path: shp.path, record: i + 1, message: "record content is empty; read as a null shape"))
            return nil
        }
        guard length >= 0, view.has(offset + 8, length) else {
            throw .truncated(path: shp.path, record: i + 1,
                             reason: "content of \(length) bytes at offset \(offset + 8) runs past the end of the file (\(view.count) bytes)")
        }
        return try ShapeDecoder(view: view, path: shp.path).decode(start: offset + 8, length: length, record: i + 1)
    }
}
