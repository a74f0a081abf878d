import GeoCore

/// Decodes record `i` of a shapefile set: its shape from the .shp and its values from the .dbf.
/// Everything it reads was fixed when the set was opened, so records can be decoded on several
/// threads at once, each with its own `TextDecoder` (an iconv handle keeps state between calls).
struct RecordDecoder: Sendable {
    let shp: MappedFile?
    let index: ShapeIndex?
    let dbf: DBFTable?
    let fields: [DBFField]
    let strict: Bool

    /// Warnings go to `warnings` in the order `ShapefileReader.next()` has always given them:
    /// the shape's, then the values'.
    func record(_ i: Int, decoder: TextDecoder, warnings: inout [GeoIOWarning]) throws(GeoIOError) -> ShapefileRecord {
        var geometry: Geometry?
        if let shp, let index {
            geometry = try shape(i, shp: shp, offset: index.offsets[i], warnings: &warnings)
        }
        let attributes = try dbf?.values(i, record: i + 1, fields: fields, decoder: decoder, strict: strict, warnings: &warnings) ?? []
        return ShapefileRecord(recordNumber: i + 1, geometry: geometry, attributes: attributes)
    }

    /// Lets go of the pages of records `range` (read, and not to be read again in order).
    func release(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if let dbf {
            dbf.file.release(dbf.headerLength + range.lowerBound * dbf.recordLength ..< dbf.headerLength + range.upperBound * dbf.recordLength)
        }
        if let shp, let index, range.upperBound <= index.offsets.count {
            let end = range.upperBound < index.offsets.count ? index.offsets[range.upperBound] : shp.count
            shp.release(index.offsets[range.lowerBound] ..< end)
        }
    }

    private func shape(_ i: Int, shp: MappedFile, offset: Int, warnings: inout [GeoIOWarning]) throws(GeoIOError) -> Geometry? {
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
