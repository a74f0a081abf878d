import CityModel
import CityStore
import Foundation
import GeoCore
import SpatialIndex

/// One GPS fix as the duty app (勤务通) or a track file sends it.
public struct PositionFix: Sendable, Hashable {
    public var at: Date
    /// Longitude and latitude in `crs` (WGS84 from a GPS receiver, GCJ-02 from a phone's map SDK).
    public var point: Point
    public var crs: InputCRS
    public var accuracyMeters: Double?
    public var speedMetersPerSecond: Double?

    public init(at: Date, point: Point, crs: InputCRS = .wgs84, accuracyMeters: Double? = nil, speedMetersPerSecond: Double? = nil) {
        self.at = at
        self.point = point
        self.crs = crs
        self.accuracyMeters = accuracyMeters
        self.speedMetersPerSecond = speedMetersPerSecond
    }
}

/// What became of a batch of fixes: those kept, and each one refused by its index and field.
public struct FixesReport: Sendable {
    public struct Refusal: Sendable, Hashable {
        public var index: Int
        /// `fixes[3].at`, `fixes[5].point`.
        public var field: String
        public var reason: String
    }

    public var officer: Officer
    public var accepted: Int
    public var refused: [Refusal]
}

/// An officer in a "nearest officers" answer, with the straight-line distance.
public struct NearbyOfficer: Sendable, Hashable {
    public var officer: Officer
    public var distanceMeters: Double
    public var stale: Bool
}

extension CityQueries {
    /// How far ahead of the server's clock a fix may be dated: phones' clocks drift.
    public static let fixClockSkew: TimeInterval = 300

    /// Records an officer's fixes, in the order given: a fix not after the last kept one (the
    /// track only goes forward), off the map (outside every grid cell), dated in the future or with
    /// a bad accuracy or speed is refused by its index and field, and the others are kept: one bad
    /// fix does not lose the batch. The officer's feature moves to the last fix kept, in the same
    /// transaction as the track's new rows and one audit line.
    ///
    /// Who: the officer's own account (`Officer.accountID`), a dispatcher whose areas take in the
    /// officer's team (its station's cell), or the local operator (a track file on the command line).
    public func recordFixes(_ fixes: [PositionFix], officerID: String, by caller: Caller, now: Date = Date()) throws -> FixesReport {
        guard !fixes.isEmpty else { throw CityQueryError.unprocessable(name: "fixes", reason: "give at least one fix") }
        // Conversion first, outside the write: a point the datum cannot take is the fix's own error.
        var converted: [(index: Int, fix: PositionFix, working: Point)] = []
        var refused: [FixesReport.Refusal] = []
        for (i, fix) in fixes.enumerated() {
            do {
                converted.append((i, fix, try bridge.working(fix.point, from: fix.crs, parameter: "fixes[\(i)].point")))
            } catch let CityQueryError.badParameter(_, _, reason) {
                refused.append(.init(index: i, field: "fixes[\(i)].point", reason: reason))
            }
        }
        // The fences are cut outside the writers' lock: reading them again (every few seconds) must
        // not hold up every other writer.
        let fences = try fenceSet()
        return try store.update { view in
            guard let feature = view[.officers].feature(id: officerID) else {
                throw CityQueryError.notFound(layer: Layer.officers.rawValue, id: officerID)
            }
            var officer = try feature.decode(Officer.self)
            try Self.authorizeOfficerWrite(officer, by: try caller.current(in: view))

            var batch = WriteBatch()
            var refusals = refused
            var last = officer.position?.at
            var kept = 0
            var scratch = FenceSet.Scratch()
            for (i, fix, p) in converted {
                if let reason = Self.refusal(of: fix, at: p, after: last, now: now, in: view) {
                    refusals.append(.init(index: i, field: reason.field.map { "fixes[\(i)].\($0)" } ?? "fixes[\(i)]", reason: reason.text))
                    continue
                }
                let row = OfficerFixRow(officerID: officerID, at: fix.at, x: p.x, y: p.y,
                                        accuracyMeters: fix.accuracyMeters, speedMetersPerSecond: fix.speedMetersPerSecond)
                batch.append(row)
                // Only an officer on duty sets off fences: a phone left on after the shift is not a patrol.
                if officer.onDuty, fences.count > 0 {
                    let crossed = fences.crossings(from: officer.position?.point, to: p, scratch: &scratch)
                    let at = CityTime.timestamp(row.at)
                    for n in crossed.left { batch.append(EventRow(type: "officer.leave", subject: officerID, at: at, fence: fences.fences[n])) }
                    for n in crossed.entered { batch.append(EventRow(type: "officer.enter", subject: officerID, at: at, fence: fences.fences[n])) }
                }
                officer.position = OfficerPosition(point: p, at: row.at, accuracyMeters: fix.accuracyMeters,
                                                   speedMetersPerSecond: fix.speedMetersPerSecond)
                last = row.at
                kept += 1
            }
            refusals.sort { $0.index < $1.index }
            guard kept > 0 else { return (WriteBatch(), FixesReport(officer: officer, accepted: 0, refused: refusals)) }
            var moved = try StoredFeature(officer)
            moved.zoneVersion = feature.zoneVersion
            batch.upsert(moved)
            batch.record(caller.auditEntry(.positionsRecorded, .officers, officerID,
                                           "\(kept) fix\(kept == 1 ? "" : "es") kept, \(refusals.count) refused", at: now))
            return (batch, FixesReport(officer: officer, accepted: kept, refused: refusals))
        }
    }

    /// The fences of the live subscriptions, cut on the grid and the segments as memory has them.
    public func fenceSet() throws -> FenceSet {
        try fences.current {
            let areas: [(id: String, area: EventArea)] = try translated { try store.subscriptions() }.compactMap { s, _ in
                guard s.disabledAt == nil, let json = s.fence, let area = try? EventArea(fenceJSON: json) else { return nil }
                return (s.id, area)
            }
            return try store.read { view in try FenceSet(areas, in: view, corridorMeters: configuration.segmentToleranceMeters) }
        }
    }

    /// The officer's own account (an officer signed in as the roster's ACCOUNT) may write the
    /// officer's fixes and duty anywhere; anyone else needs `AccessPolicy`'s `.sendPositions` at
    /// the team's station.
    static func authorizeOfficerWrite(_ officer: Officer, by principal: Principal) throws {
        let ownAccount = principal.accountID != nil && principal.accountID == officer.accountID && principal.holds(.officer)
        if !ownAccount { try AccessPolicy.authorize(.sendPositions, by: principal, at: officer.attribution) }
    }

    /// Why a fix is refused, if it is: the field it names (nil for the fix as a whole) and the reason.
    static func refusal(of fix: PositionFix, at p: Point, after last: Date?, now: Date, in view: CityView) -> (field: String?, text: String)? {
        if let last, StoredTime.rounded(fix.at) <= last {
            return ("at", "\(CityTime.timestamp(fix.at)) is not after the last fix kept (\(CityTime.timestamp(last))): a track only goes forward")
        }
        if fix.at.timeIntervalSince(now) > fixClockSkew {
            return ("at", "\(CityTime.timestamp(fix.at)) is in the future (the server's clock says \(CityTime.timestamp(now)))")
        }
        if let a = fix.accuracyMeters, !(a >= 0 && a.isFinite) { return ("accuracy", "must be a non-negative number of metres") }
        if let s = fix.speedMetersPerSecond, !(s >= 0 && s.isFinite) { return ("speed", "must be a non-negative number of metres per second") }
        guard isOnTheMap(p, in: view) else {
            return ("point", "(\(fix.point.x), \(fix.point.y)) is off the map: no grid cell of the deployment covers it")
        }
        return nil
    }

    /// Whether a grid cell covers the working point.
    static func isOnTheMap(_ p: Point, in view: CityView) -> Bool {
        let grids = view[.grids]
        return grids.index.search(IndexBox(x: p.x, y: p.y)).contains { grids.features[Int64($0)]?.geometry?.covers(p) == true }
    }

    /// Puts an officer on or off duty (the officer's own account, a dispatcher of the team's area,
    /// or the local operator). Unchanged when already so.
    @discardableResult
    public func setDuty(officerID: String, onDuty: Bool, by caller: Caller) throws -> Officer {
        try store.update { view in
            guard let feature = view[.officers].feature(id: officerID) else {
                throw CityQueryError.notFound(layer: Layer.officers.rawValue, id: officerID)
            }
            var officer = try feature.decode(Officer.self)
            try Self.authorizeOfficerWrite(officer, by: try caller.current(in: view))
            guard officer.onDuty != onDuty else { return (WriteBatch(), officer) }
            officer.onDuty = onDuty
            var stored = try StoredFeature(officer)
            stored.zoneVersion = feature.zoneVersion
            var batch = WriteBatch()
            batch.upsert(stored)
            batch.record(caller.auditEntry(.featureWritten, .officers, officerID, onDuty ? "on duty" : "off duty"))
            return (batch, officer)
        }
    }

    public func officer(id: String) throws -> Officer {
        guard let feature = store.read({ $0[.officers].feature(id: id) }) else {
            throw CityQueryError.notFound(layer: Layer.officers.rawValue, id: id)
        }
        return try feature.decode(Officer.self)
    }

    /// An officer's track between two instants, oldest first, in the working CRS.
    public func track(officerID: String, from: Date? = nil, to: Date? = nil, limit: Int = 10_000) throws -> [OfficerPosition] {
        _ = try officer(id: officerID)
        return try store.track(officerID: officerID, from: from, to: to, limit: limit).map {
            OfficerPosition(point: Point(x: $0.x, y: $0.y), at: $0.at, accuracyMeters: $0.accuracyMeters, speedMetersPerSecond: $0.speedMetersPerSecond)
        }
    }

    /// The `k` officers nearest a point in a straight line, of one team and on duty when asked,
    /// and not stale unless `includeStale` (a fix older than `staleAfter` seconds, or none).
    public func nearestOfficers(to point: Point, crs: InputCRS = .wgs84, k: Int = 10, team: String? = nil,
                                onDutyOnly: Bool = true, includeStale: Bool = false, now: Date = Date()) throws -> [NearbyOfficer] {
        guard k >= 1, k <= configuration.maxPageSize else {
            throw CityQueryError.badParameter(name: "k", value: "\(k)", reason: "must be between 1 and \(configuration.maxPageSize)")
        }
        let p = try bridge.working(point, from: crs)
        let maxAge = configuration.officerStaleSeconds
        return try store.read { view in
            let officers = view[.officers]
            let tags = officers.tags
            let statusMask = onDutyOnly ? tags.mask(["onDuty"]) : nil
            let teamMask = team.map { tags.mask([$0]) }
            var stale: [Int64: Bool] = [:]
            let hits = officers.index.nearest(x: p.x, y: p.y, k: k, filter: { id in
                guard tags.matches(rowid: Int64(id), status: statusMask, category: teamMask) else { return false }
                guard !includeStale else { return true }
                let isStale = (try? officers.features[Int64(id)]?.decode(Officer.self).isStale(at: now, maxAge: maxAge)) ?? true
                stale[Int64(id)] = isStale
                return !isStale
            })
            return try hits.compactMap { hit -> NearbyOfficer? in
                guard let f = officers.features[Int64(hit.id)] else { return nil }
                let officer = try f.decode(Officer.self)
                return NearbyOfficer(officer: officer, distanceMeters: hit.distance,
                                     stale: stale[Int64(hit.id)] ?? officer.isStale(at: now, maxAge: maxAge))
            }
        }
    }
}
