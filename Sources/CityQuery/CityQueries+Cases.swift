import CityModel
import CityStore
import Foundation
import GeoCore

/// A new case as reported: where and what, and for whom. Who reports it is the caller, never a
/// name in the report.
public struct CaseReport: Sendable {
    public var id: String?
    public var typeCode: String
    public var source: CaseSource
    public var point: Point
    public var crs: InputCRS
    public var description: String
    public var storefrontID: String?
    public var structureID: String?
    /// The citizen on whose behalf the case is filed (who phoned in, who wrote to the app), as
    /// the client typed it: personal data, kept as its own labelled field, never the actor.
    public var reportedFor: String?
    public var reportedAt: Date

    public init(id: String? = nil, typeCode: String, source: CaseSource, point: Point, crs: InputCRS = .wgs84,
                description: String, storefrontID: String? = nil, structureID: String? = nil, reportedFor: String? = nil,
                reportedAt: Date = Date()) {
        self.id = id
        self.typeCode = typeCode
        self.source = source
        self.point = point
        self.crs = crs
        self.description = description
        self.storefrontID = storefrontID
        self.structureID = structureID
        self.reportedFor = reportedFor.flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0.trimmingWhitespace() }
        self.reportedAt = reportedAt
    }
}

/// What reporting a case gives back: the case as stored (attributed), its likely duplicates, the
/// proposed dispatch targets, and earlier cases on the same entity or spot (repeat offenders).
public struct ReportOutcome: Sendable {
    public var violationCase: ViolationCase
    public var location: LocateResult
    public var likelyDuplicates: [NearbyCase]
    public var proposedDepartments: [Department]
    public var repeatOf: [String]
}

extension CityQueries {
    /// Files a case: checks it, attributes it at once (cell, parcel, segment and chief, red line,
    /// with the zone versions it was computed on), finds likely duplicates, proposes the dispatch
    /// target, and stores it with its first history entry, in one transaction. Anyone with the
    /// reporter role (an officer has it) may report anywhere.
    public func report(_ report: CaseReport, by caller: Caller) throws -> ReportOutcome {
        try AccessPolicy.authorize(.reportCase, by: caller.principal)
        guard let type = catalogue.caseType(code: report.typeCode) else {
            throw CityQueryError.badParameter(name: "type", value: report.typeCode, reason: "no such case type in the catalogue")
        }
        let p = try bridge.working(report.point, from: report.crs)
        return try store.update { view in
            try AccessPolicy.authorize(.reportCase, by: try caller.current(in: view))
            let location = try locate(working: p, in: view)
            guard location.cell != nil else {
                throw CityQueryError.outsideDeploymentArea(name: "point", x: report.point.x, y: report.point.y)
            }
            if let shop = report.storefrontID, view[.storefronts].feature(id: shop) == nil {
                throw CityQueryError.badParameter(name: "storefrontID", value: shop, reason: "no such storefront")
            }
            if let structure = report.structureID, view[.structures].feature(id: structure) == nil {
                throw CityQueryError.badParameter(name: "structureID", value: structure, reason: "no such structure")
            }
            let id = report.id ?? Self.newCaseID(at: report.reportedAt, in: view)
            if view[.cases].feature(id: id) != nil {
                throw CityQueryError.conflict(reason: "case \(id) exists already")
            }
            let versions = Locator(configuration: configuration).zoneVersions(of: location, in: view)
            var newCase = ViolationCase(id: id, typeCode: type.code, source: report.source, point: p,
                                        description: report.description, storefrontID: report.storefrontID,
                                        structureID: report.structureID, reportedAt: report.reportedAt,
                                        attribution: location.attribution(zoneVersions: versions))
            newCase.reportedFor = report.reportedFor
            try newCase.validate()

            let duplicates = try likelyDuplicates(of: newCase, in: view)
            let earlier = try repeatLinks(of: newCase, in: view)
            var batch = WriteBatch()
            batch.insert(try StoredFeature(newCase))
            batch.append(CaseTransitionRow(caseID: id, at: Self.timestamp(report.reportedAt), actor: caller.principal.name,
                                           event: "report", fromStatus: nil, toStatus: CaseStatus.reported.rawValue,
                                           note: report.description))
            batch.record(caller.auditEntry(.caseReported, .cases, id, "\(type.code) at \(AccessPolicy.place(of: newCase.attribution))"))
            let outcome = ReportOutcome(violationCase: newCase, location: location, likelyDuplicates: duplicates,
                                        proposedDepartments: departments.proposedTargets(for: type.code, catalogue: catalogue),
                                        repeatOf: earlier)
            return (batch, outcome)
        }
    }

    /// Moves a case through the closed loop; illegal transitions are refused and change nothing.
    /// The transition is stored in the case and in the append-only audit history together; the
    /// caller must hold the event's role where the case was attributed (`AccessPolicy`).
    public func transition(caseID: String, event: CaseEvent, by caller: Caller, at date: Date = Date(),
                           note: String = "") throws -> ViolationCase {
        let actor = caller.principal.name
        return try store.update { view in
            guard let feature = view[.cases].feature(id: caseID) else { throw CityQueryError.notFound(layer: "cases", id: caseID) }
            let before = try feature.decode(ViolationCase.self)
            try AccessPolicy.authorize(.moveCase(event.kind), by: try caller.current(in: view), at: before.attribution)
            if case .mergeAsDuplicate(let original) = event, view[.cases].feature(id: original) == nil {
                throw CityQueryError.badParameter(name: "of", value: original, reason: "no such case to merge into")
            }
            if case .dispatch(to: .officer(let officerID), _) = event {
                guard let officer = view[.officers].feature(id: officerID) else {
                    throw CityQueryError.badParameter(name: "to", value: "officer:\(officerID)", reason: "no such officer")
                }
                guard officer.status == "onDuty" else {
                    throw CityQueryError.conflict(reason: "officer \(officerID) is off duty: dispatch to an officer on duty")
                }
            }
            if case .verifyPassed = event, let type = catalogue.caseType(code: before.typeCode), type.requiresAfterPhoto,
               !before.photos.contains(where: { $0.stage == .after }) {
                throw CityQueryError.unprocessable(name: "photos", reason: "a \(type.code) case (\(type.nameZH), \(type.nameEN)) is verified "
                    + "only with a photo of the place after handling (处置后): attach one with stage=after first")
            }
            let after = try workflow.apply(event, to: before, by: actor, at: date, note: note)
            var batch = WriteBatch()
            var stored = try StoredFeature(after)
            stored.properties = try Self.keepingExtra(of: feature, in: stored)
            stored.zoneVersion = feature.zoneVersion
            batch.upsert(stored)
            batch.append(CaseTransitionRow(caseID: caseID, at: Self.timestamp(date), actor: actor, event: event.kind.rawValue,
                                           fromStatus: before.status.rawValue, toStatus: after.status.rawValue, note: note))
            batch.record(caller.auditEntry(.caseTransitioned, .cases, caseID,
                                           "\(event.kind.rawValue): \(before.status.rawValue) → \(after.status.rawValue)", at: date))
            return (batch, after)
        }
    }

    /// Open cases past their deadline at `asOf`, most overdue first.
    public func overdueCases(asOf: Date = Date()) throws -> [(violationCase: ViolationCase, due: Date)] {
        let open = store.read { view in
            view[.cases].features.values.filter { $0.status.map(Self.openStatuses.contains) == true }
        }
        var overdue: [(ViolationCase, Date)] = []
        for f in open {
            let c = try f.decode(ViolationCase.self)
            if try c.isOverdue(at: asOf, calendar: calendar), let due = try c.dueDate(calendar: calendar) {
                overdue.append((c, due))
            }
        }
        return overdue.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
    }

    /// Open cases of the same type within the duplicate radius, reported within the window.
    func likelyDuplicates(of c: ViolationCase, in view: CityView) throws -> [NearbyCase] {
        let cases = view[.cases]
        let window = configuration.duplicateWindowDays * 86_400
        let hits = cases.index.nearest(x: c.point.x, y: c.point.y, k: 20, maxDistance: configuration.duplicateRadiusMeters,
                                       filter: { id in
            guard let f = cases.features[Int64(id)] else { return false }
            return f.category == c.typeCode && f.status.map(Self.openStatuses.contains) == true
        })
        return try hits.compactMap { hit -> NearbyCase? in
            guard let f = cases.features[Int64(hit.id)] else { return nil }
            let other = try f.decode(ViolationCase.self)
            return abs(other.reportedAt.timeIntervalSince(c.reportedAt)) <= window
                ? NearbyCase(feature: CityFeature(f), distanceMeters: hit.distance) : nil
        }
    }

    /// Earlier cases on the same storefront or structure, or of the same type within a few metres.
    func repeatLinks(of c: ViolationCase, in view: CityView) throws -> [String] {
        let rule = RepeatOffenderRule()
        let cases = view[.cases]
        var candidates = try cases.index.within(x: c.point.x, y: c.point.y, distance: rule.radiusMeters)
            .compactMap { cases.features[Int64($0)] }
            .map { try $0.decode(ViolationCase.self) }
        // Cases on the same storefront or structure are filed where it stands: look around the
        // entity itself rather than scanning every case.
        for (layer, entityID) in [(Layer.storefronts, c.storefrontID), (.structures, c.structureID)] {
            guard let entityID, let anchor = view[layer].feature(id: entityID)?.geometry?.representativePoint else { continue }
            for rowid in cases.index.within(x: anchor.x, y: anchor.y, distance: 100) {
                guard let f = cases.features[Int64(rowid)], !candidates.contains(where: { $0.id == f.id }) else { continue }
                candidates.append(try f.decode(ViolationCase.self))
            }
        }
        return rule.earlierCases(linkedTo: c, among: candidates).map(\.caseID)
    }

    static func newCaseID(at date: Date, in view: CityView) -> String {
        let day = timestamp(date).prefix(10).replacingOccurrences(of: "-", with: "")
        var n = view[.cases].count + 1
        while view[.cases].feature(id: "C\(day)-\(String(format: "%05d", n))") != nil { n += 1 }
        return "C\(day)-\(String(format: "%05d", n))"
    }

    static func timestamp(_ date: Date) -> String { CityTime.timestamp(date) }
}
