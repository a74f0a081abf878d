/// Where each record lies in the .shp: from the .shx when it is usable, else rebuilt by walking
/// the .shp record headers (which is what `SHAPE_RESTORE_SHX` does in GDAL).
struct ShapeIndex {
    /// Byte offset of each record header in the .shp.
    var offsets: [Int]

    /// Reads a .shx; nil (with the reason) when it cannot be used.
    static func fromSHX(_ shx: MappedFile, shp: ByteView) -> (ShapeIndex?, String?) {
        let v = ByteView(bytes: shx.bytes)
        if v.count == 0 { return (nil, "the .shx is empty") }
        guard v.count >= 100, v.int32BE(0) == 9994 else { return (nil, "the .shx header is not a shapefile header") }
        let n = (v.count - 100) / 8
        var offsets = [Int]()
        offsets.reserveCapacity(n)
        for i in 0..<n {
            let o = v.int32BE(100 + 8 * i) * 2, words = v.int32BE(104 + 8 * i)
            guard o >= 100 else { return (nil, "the .shx entry \(i + 1) points at offset \(o), inside the header") }
            // Each entry must point at a record header whose content fits, is no longer than the
            // .shx says (some writers pad records) and starts with a shape type; else the .shx is
            // stale or corrupt and the .shp itself is the better guide. Entries need not be in
            // file order: editors append rewritten records at the end.
            let header = shp.has(o, 12) ? shp.int32BE(o + 4) : -1
            guard header >= 2, header <= words, o + 8 + header * 2 <= shp.count,
                  ShapeType(rawValue: shp.int32LE(o + 8)) != nil else {
                return (nil, "the .shx entry \(i + 1) (offset \(o), \(words) words) disagrees with the .shp")
            }
            offsets.append(o)
        }
        return (ShapeIndex(offsets: offsets), nil)
    }

    /// Walks the .shp from the first record to the declared file length (or the real end of file,
    /// whichever is first). A record header that runs past the end is an error naming the record.
    static func walking(_ shp: ByteView, declaredLength: Int, path: String) throws(GeoIOError) -> ShapeIndex {
        let end = declaredLength >= 100 ? Swift.min(declaredLength, shp.count) : shp.count
        var offsets = [Int](), pos = 100
        while pos + 8 <= end {
            let words = shp.int32BE(pos + 4)
            guard words >= 2 else {
                throw .badRecord(path: path, record: offsets.count + 1, reason: "content length \(words) words at offset \(pos) is too short for a shape type")
            }
            let next = pos + 8 + words * 2
            guard next <= shp.count else {
                throw .truncated(path: path, record: offsets.count + 1,
                                 reason: "record at offset \(pos) needs \(words * 2) content bytes, the file ends at \(shp.count)")
            }
            offsets.append(pos)
            pos = next
        }
        if pos < end {
            throw .truncated(path: path, record: offsets.count + 1, reason: "\(end - pos) stray bytes at offset \(pos), too few for a record header")
        }
        return ShapeIndex(offsets: offsets)
    }
}
