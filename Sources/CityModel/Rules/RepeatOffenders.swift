import Foundation
import GeoCore

/// Why an earlier case is linked to a new one.
public enum RepeatReason: Hashable, Sendable, Codable {
    case sameStorefront(String)
    case sameStructure(String)
    /// Same case type within the rule's radius, at this distance in metres.
    case nearbySameType(distanceMeters: Double)
}

public struct RepeatLink: Hashable, Sendable {
    public var caseID: String
    public var reportedAt: Date
    public var reason: RepeatReason
}

/// Links a new case to the earlier cases of the same offender: same storefront, same structure, or
/// (for cases tied to no dossier) the same type within `radiusMeters`. Points are in the metric CRS.
public struct RepeatOffenderRule: Hashable, Sendable {
    public var radiusMeters: Double
    /// Only cases reported within this many seconds before the new one; nil looks back forever.
    public var lookBack: TimeInterval?

    /// Cases in these statuses were never a separate violation and link to nothing.
    public static let neverAViolation: Set<CaseStatus> = [.cancelled, .mergedAsDuplicate, .notRegistered]

    public init(radiusMeters: Double = 30, lookBack: TimeInterval? = nil) {
        precondition(radiusMeters >= 0 && radiusMeters.isFinite, "radius is a non-negative distance")
        self.radiusMeters = radiusMeters
        self.lookBack = lookBack
    }

    /// The earlier cases among `candidates` linked to `newCase`, most recent first.
    ///
    /// Candidates count when reported strictly before the new case (and within `lookBack`), and not
    /// cancelled, merged as a duplicate or rejected at registration (those were never a separate
    /// violation). A dossier link outranks distance: a case on the same storefront or structure is
    /// linked whatever its type or distance.
    public func earlierCases(linkedTo newCase: ViolationCase, among candidates: [ViolationCase]) -> [RepeatLink] {
        var links: [RepeatLink] = []
        for c in candidates where c.id != newCase.id && c.reportedAt < newCase.reportedAt {
            if let lookBack, newCase.reportedAt.timeIntervalSince(c.reportedAt) > lookBack { continue }
            if Self.neverAViolation.contains(c.status) { continue }
            let reason: RepeatReason
            if let shop = newCase.storefrontID, shop == c.storefrontID {
                reason = .sameStorefront(shop)
            } else if let structure = newCase.structureID, structure == c.structureID {
                reason = .sameStructure(structure)
            } else if c.typeCode == newCase.typeCode, newCase.point.isFinite, c.point.isFinite,
                      newCase.point.distance(to: c.point) <= radiusMeters {
                reason = .nearbySameType(distanceMeters: newCase.point.distance(to: c.point))
            } else {
                continue
            }
            links.append(RepeatLink(caseID: c.id, reportedAt: c.reportedAt, reason: reason))
        }
        return links.sorted { ($0.reportedAt, $1.caseID) > ($1.reportedAt, $0.caseID) }
    }
}
