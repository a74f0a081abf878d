import Foundation
import GeoCore

/// How an officer moves on duty: the travel modes of the street network (`Patrol.TravelMode`,
/// by the same names), so that "who gets there soonest" is asked along the streets in each
/// officer's own mode.
public enum OfficerMode: String, CaseIterable, Hashable, Sendable, Codable {
    case foot, bike, car

    public var labelZH: String {
        switch self {
        case .foot: "步巡"
        case .bike: "车巡（非机动车）"
        case .car: "车巡（机动车）"
        }
    }
}

/// Where an officer was last seen: one GPS fix, in the working CRS.
public struct OfficerPosition: Hashable, Sendable, Codable {
    @GeoJSONCoded public var point: Point
    public var at: Date
    /// The receiver's horizontal accuracy, metres (95 %), when it gave one.
    public var accuracyMeters: Double?
    public var speedMetersPerSecond: Double?

    public init(point: Point, at: Date, accuracyMeters: Double? = nil, speedMetersPerSecond: Double? = nil) {
        self._point = GeoJSONCoded(wrappedValue: point)
        self.at = at
        self.accuracyMeters = accuracyMeters
        self.speedMetersPerSecond = speedMetersPerSecond
    }
}

/// An enforcement officer (执法队员) of a team (中队), who goes on and off duty and whose duty
/// app (勤务通) sends GPS fixes. Until the first fix the officer stands at the team's base.
public struct Officer: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// The team, e.g. 豫园街道中队.
    public var team: String
    public var mode: OfficerMode
    public var onDuty: Bool
    /// The duty phone: personal data, masked like a road chief's.
    public var phone: String?
    /// The account that signs in as this officer (`u-0007`): it may send this officer's fixes.
    public var accountID: String?
    /// The team's station (中队驻地): the officer's place before any fix.
    @GeoJSONCoded public var base: Point
    public var position: OfficerPosition?
    /// Where the officer belongs (the base's cell and sub-district), for the area rules.
    public var attribution: Attribution?

    public init(id: String, name: String, team: String, mode: OfficerMode = .foot, onDuty: Bool = false,
                phone: String? = nil, accountID: String? = nil, base: Point, position: OfficerPosition? = nil) {
        self.id = id
        self.name = name
        self.team = team
        self.mode = mode
        self.onDuty = onDuty
        self.phone = phone
        self.accountID = accountID
        self._base = GeoJSONCoded(wrappedValue: base)
        self.position = position
    }

    /// Where the officer is as far as anyone knows: the last fix, else the base.
    public var location: Point { position?.point ?? base }

    /// Whether the last fix is older than `maxAge` at `now` (no fix at all is stale too).
    public func isStale(at now: Date, maxAge: TimeInterval) -> Bool {
        guard let at = position?.at else { return true }
        return now.timeIntervalSince(at) > maxAge
    }

    public func validate() throws {
        let check = EntityCheck(entity: "Officer", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(name, "name")
        try check.nonEmpty(team, "team")
        try check.point(base, "base")
        if let p = position { try check.point(p.point, "position") }
    }
}
