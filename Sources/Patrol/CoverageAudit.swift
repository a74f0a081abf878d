import GeoCore

/// How much of one assigned segment a GPS track passed along.
public struct SegmentCoverage: Sendable, Hashable {
    public var id: String
    public var lengthMeters: Double
    public var coveredMeters: Double
    public var fraction: Double { lengthMeters > 0 ? coveredMeters / lengthMeters : 1 }
    public var covered: Bool
}

public struct CoverageAudit: Sendable, Hashable {
    public var segments: [SegmentCoverage]
    public var covered: [String] { segments.filter(\.covered).map(\.id) }
    public var missed: [String] { segments.filter { !$0.covered }.map(\.id) }
}

/// Checks a patrol's GPS track against the segments it was assigned.
public enum CoverageAuditor {
    /// Each segment is cut into pieces of at most `sampleMeters`; a piece counts as covered when
    /// its midpoint lies within `toleranceMeters` of the track (GPS in Shanghai's street canyons
    /// wanders 10–20 m). A segment is covered when `coveredFraction` of its length is. The answer
    /// has one entry per id, in the order the ids first come.
    public static func audit(track: [Point], segments: [(id: String, geometry: LineString)],
                             toleranceMeters: Double = 20, coveredFraction: Double = 0.8,
                             sampleMeters: Double = 5) throws -> CoverageAudit {
        for (name, v) in [("toleranceMeters", toleranceMeters), ("sampleMeters", sampleMeters)] where !(v > 0 && v.isFinite) {
            throw PatrolError.invalidParameter(function: "CoverageAuditor.audit", parameter: name, value: "\(v)")
        }
        guard coveredFraction >= 0 && coveredFraction <= 1 else {
            throw PatrolError.invalidParameter(function: "CoverageAuditor.audit", parameter: "coveredFraction", value: "\(coveredFraction)")
        }
        let pts = track.filter(\.isFinite)
        // A track of one fix is a segment of length zero at it.
        let track = pts.count == 1 ? SegmentIndex(starts: pts, ends: pts)
            : SegmentIndex(starts: Array(pts.dropLast()), ends: Array(pts.dropFirst()))
        func nearTrack(_ p: Point) -> Bool { track.nearest(to: p, within: toleranceMeters) != nil }
        // A segment drawn as several lines (an id given more than once) is one segment: its pieces'
        // lengths add up, in the order the ids first come.
        var order: [String] = []
        var totals: [String: (length: Double, covered: Double)] = [:]
        for (id, line) in segments {
            var covered = 0.0
            let p = line.points
            for s in 0..<max(0, p.count - 1) {
                let len = p[s].distance(to: p[s + 1])
                guard len > 0 else { continue }
                let pieces = Int((len / sampleMeters).rounded(.up))
                for q in 0..<pieces {
                    let t = (Double(q) + 0.5) / Double(pieces)
                    let mid = Point(x: p[s].x + t * (p[s + 1].x - p[s].x), y: p[s].y + t * (p[s + 1].y - p[s].y))
                    if nearTrack(mid) { covered += len / Double(pieces) }
                }
            }
            if totals[id] == nil { order.append(id) }
            totals[id, default: (0, 0)].length += line.length
            totals[id, default: (0, 0)].covered += covered
        }
        let result = order.map { id in
            let (length, covered) = totals[id]!
            return SegmentCoverage(id: id, lengthMeters: length, coveredMeters: covered,
                                   covered: length == 0 || covered >= coveredFraction * length - 1e-9)
        }
        return CoverageAudit(segments: result)
    }
}

extension PatrolPlanner {
    /// Audits a track against road-chief segments of the graph's lines (all lines carrying one
    /// segment id form that segment).
    public func audit(track: [Point], segmentIDs: [String], toleranceMeters: Double = 20,
                      coveredFraction: Double = 0.8) throws -> CoverageAudit {
        var pieces: [(id: String, geometry: LineString)] = []
        var found = Set<String>()
        for line in graph.lines { if let id = line.segmentID, segmentIDs.contains(id) { pieces.append((id, line.geometry)); found.insert(id) } }
        if let missing = segmentIDs.first(where: { !found.contains($0) }) {
            throw PatrolError.unknownSegment(function: "audit", segmentID: missing)
        }
        let audit = try CoverageAuditor.audit(track: track, segments: pieces, toleranceMeters: toleranceMeters,
                                              coveredFraction: coveredFraction)
        let byID = Dictionary(uniqueKeysWithValues: audit.segments.map { ($0.id, $0) })
        return CoverageAudit(segments: segmentIDs.map { byID[$0]! })
    }
}
