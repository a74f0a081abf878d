import Foundation

/// Where and when a photo must have been taken to count as evidence for a case without a
/// second look: within `maxDistanceMeters` of the case, after the case was reported (less a
/// slack, for the photo taken just before the report was typed) and before it was closed.
/// No anchor system checks this; a verifier sees what it finds beside the photo.
public struct PhotoEvidenceRule: Sendable, Hashable {
    public var maxDistanceMeters: Double
    /// How long before the report a photo may have been taken (the officer photographs, then
    /// types the report).
    public var reportSlack: TimeInterval

    public init(maxDistanceMeters: Double = 100, reportSlack: TimeInterval = 30 * 60) {
        self.maxDistanceMeters = maxDistanceMeters
        self.reportSlack = reportSlack
    }

    /// The findings for a photo taken at `takenAt`, `distanceMeters` from the place (both nil
    /// when the photo does not say), for a case reported at `openedAt` and closed at `closedAt`
    /// (a dossier photo has neither: only the distance is checked).
    public func checks(distanceMeters: Double?, takenAt: Date?, openedAt: Date?, closedAt: Date?) -> [PhotoCheck] {
        var found: [PhotoCheck] = []
        if let d = distanceMeters {
            if d > maxDistanceMeters {
                found.append(PhotoCheck(code: .farFromPlace, message: "photo taken \(Int(d.rounded())) m away",
                                        distanceMeters: (d * 10).rounded() / 10))
            }
        } else {
            found.append(PhotoCheck(code: .noPosition, message: "photo carries no GPS position"))
        }
        if let t = takenAt {
            if let openedAt, t < openedAt.addingTimeInterval(-reportSlack) {
                found.append(PhotoCheck(code: .takenBeforeReport, message: "photo taken before the case was reported"))
            }
            if let closedAt, t > closedAt {
                found.append(PhotoCheck(code: .takenAfterClose, message: "photo taken after the case was closed"))
            }
        } else if openedAt != nil {
            found.append(PhotoCheck(code: .noTime, message: "photo carries no time it was taken"))
        }
        return found
    }
}
