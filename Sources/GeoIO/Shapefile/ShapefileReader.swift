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
    public internal(set) var warnings: [GeoIOWarning] = []

    let dbf: DBFTable?
    let decoder: TextDecoder
    let records: RecordDecoder
    private let options: ShapefileReadOptions
    /// The 0-based index of the next record `next()` looks at.
    var position = 0

    /// Opens the set that `path` belongs to: the .shp or any sibling, any extension case.
    public init(path: String, options: ShapefileReadOptions = ShapefileReadOptions()) throws(GeoIOError) {
        let shpFile: MappedFile?, shapeIndex: ShapeIndex?
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
            // Checking the index against the .shp touched every record header.
            shp.release(0..<shp.count)
            shpFile = shp
            shapeIndex = index
            self.header = header
            shapeType = header.shapeType
            shpCount = index!.offsets.count
            self.path = shpPath
        } else {
            shpFile = nil; shapeIndex = nil; header = nil; shapeType = nil; isMeasured = false
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
            // The count touches every record: their pages are let go of as it passes, or a large
            // .dbf would be resident whole before the first record is read (reading brings each
            // page back as it gets there).
            var deleted = 0, passed = 0
            for i in 0..<table.recordCount {
                if table.isDeleted(i) { deleted += 1 }
                if i - passed == 65_536 {
                    table.file.release(table.headerLength + passed * table.recordLength ..< table.headerLength + i * table.recordLength)
                    passed = i
                }
            }
            table.file.release(0..<table.file.count)
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
        records = RecordDecoder(shp: shpFile, index: shapeIndex, dbf: dbf, fields: fields, strict: options.strict)
    }

    /// The next record that is not deleted, or nil at the end.
    public func next() throws(GeoIOError) -> ShapefileRecord? {
        while position < recordCount {
            let i = position
            position += 1
            if let dbf, dbf.isDeleted(i) { continue }
            return try records.record(i, decoder: decoder, warnings: &warnings)
        }
        return nil
    }

    /// Every remaining record (convenience for small files and tests).
    public func readAll() throws(GeoIOError) -> [ShapefileRecord] {
        var all: [ShapefileRecord] = []
        while let r = try next() { all.append(r) }
        return all
    }
}
