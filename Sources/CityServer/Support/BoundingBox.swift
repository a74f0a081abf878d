import Foundation
import GeoCore

/// A `bbox` query parameter: four numbers, lower-left then upper-right corner, in CRS84
/// longitude/latitude (OGC API – Features Part 1, requirement /req/core/fc-bbox-definition). Six
/// numbers (with heights) are accepted and the heights ignored, as the standard allows.
struct BoundingBox: Sendable, Hashable {
    var west: Double, south: Double, east: Double, north: Double

    init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }

    /// `lonLat`: the numbers are CRS84 longitudes and latitudes and are checked as such; otherwise
    /// (a projected or latitude-first bbox-crs) they are four finite numbers, lower corner first.
    init(parameter text: String, name: String = "bbox", lonLat: Bool = true) throws(ServerError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 4 || parts.count == 6 else {
            throw .invalidParameter(name: name, value: text, reason: "expected 4 comma-separated numbers: minLon,minLat,maxLon,maxLat")
        }
        var numbers: [Double] = []
        for (k, part) in parts.enumerated() {
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw .invalidParameter(name: name, value: text, reason: "item \(k + 1) (\(part)) is not a finite number")
            }
            numbers.append(v)
        }
        let (w, s, e, n) = parts.count == 4 ? (numbers[0], numbers[1], numbers[2], numbers[3])
                                            : (numbers[0], numbers[1], numbers[3], numbers[4])
        guard lonLat else {
            guard w <= e, s <= n else { throw .invalidParameter(name: name, value: text, reason: "the lower corner comes first") }
            self.init(west: w, south: s, east: e, north: n)
            return
        }
        guard (-180...180).contains(w), (-180...180).contains(e) else {
            throw .invalidParameter(name: name, value: text, reason: "longitudes must lie in -180...180")
        }
        guard (-90...90).contains(s), (-90...90).contains(n), s <= n else {
            throw .invalidParameter(name: name, value: text, reason: "latitudes must lie in -90...90 with the lower one first")
        }
        // A west edge east of the east edge crosses the antimeridian (requirement
        // /req/core/fc-bbox-response, note); Shanghai is nowhere near it, so say so rather than
        // answer wrongly.
        guard w <= e else {
            throw .invalidParameter(name: name, value: text, reason: "boxes crossing the antimeridian are not supported")
        }
        self.init(west: w, south: s, east: e, north: n)
    }

    var envelope: Envelope { Envelope(minX: west, minY: south, maxX: east, maxY: north) }

    /// `west,south,east,north`, for links.
    var parameterText: String { "\(west),\(south),\(east),\(north)" }
}
