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
    /// wanders 10–20 m). A segment is covered when `coveredFraction` of its length is.
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
        var result: [SegmentCoverage] = []
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
            let length = line.length
            result.append(SegmentCoverage(id: id, lengthMeters: length, coveredMeters: covered,
                                          covered: length == 0 || covered >= coveredFraction * length - 1e-9))
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
        let perLine = try CoverageAuditor.audit(track: track, segments: pieces, toleranceMeters: toleranceMeters,
                                                coveredFraction: coveredFraction)
        var merged: [String: (Double, Double)] = [:]
        for s in perLine.segments { merged[s.id, default: (0, 0)].0 += s.lengthMeters; merged[s.id, default: (0, 0)].1 += s.coveredMeters }
        return CoverageAudit(segments: segmentIDs.map { id in
            let (len, cov) = merged[id]!
            return SegmentCoverage(id: id, lengthMeters: len, coveredMeters: cov, covered: len == 0 || cov >= coveredFraction * len - 1e-9)
        })
    }
}
