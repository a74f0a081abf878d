import GeoCore

/// The 100-byte main file header shared by .shp and .shx.
public struct ShapefileHeader: Hashable, Sendable {
    /// File length in bytes (the header stores 16-bit words).
    public var fileLength: Int
    public var shapeType: ShapeType
    public var bbox: Envelope
    public var zRange: ClosedRange<Double>?
    public var mRange: ClosedRange<Double>?

    static let size = 100

    init(view v: ByteView, path: String) throws(GeoIOError) {
        guard v.has(0, ShapefileHeader.size) else {
            throw .badHeader(path: path, reason: "file is \(v.count) bytes, shorter than the 100-byte header")
        }
        guard v.int32BE(0) == 9994 else {
            throw .badHeader(path: path, reason: "file code is \(v.int32BE(0)), not 9994")
        }
        let code = v.int32LE(32)
        guard let type = ShapeType(rawValue: code) else {
            throw .badHeader(path: path, reason: "shape type \(code) is not an ESRI shape type")
        }
        fileLength = v.int32BE(24) * 2
        shapeType = type
        bbox = Envelope(minX: v.doubleLE(36), minY: v.doubleLE(44), maxX: v.doubleLE(52), maxY: v.doubleLE(60))
        let z0 = v.doubleLE(68), z1 = v.doubleLE(76), m0 = v.doubleLE(84), m1 = v.doubleLE(92)
        zRange = z0 <= z1 ? z0...z1 : nil
        mRange = m0 <= m1 ? m0...m1 : nil
    }
}

