import Foundation
import GeoCore

/// A violation case followed through the closed loop. Status, assignment, deadline and history
/// change only through `CaseWorkflow.apply`, which appends one `CaseTransition` per event.
public struct ViolationCase: Hashable, Sendable, Codable {
    public var id: String
    /// Four-digit code of the case-type catalogue.
    public var typeCode: String
    public var source: CaseSource
    @GeoJSONCoded public var point: Point
    public var description: String
    /// The storefront (一店一档) or structure (一户一档) the case concerns, when it concerns one.
    public var storefrontID: String?
    public var structureID: String?
    public internal(set) var status: CaseStatus
    public internal(set) var assignment: Assignment?
    public internal(set) var deadline: CaseDeadline?
    public var reportedAt: Date
    public internal(set) var history: [CaseTransition]
    /// Set when the case was merged into an earlier one.
    public internal(set) var duplicateOf: String?
    /// Where the case was when reported (grid, segment, red line…), kept with the zone versions used.
    public var attribution: Attribution?
    /// The citizen on whose behalf it was reported (who phoned the hotline), as typed by whoever
    /// filed it: personal data, shown only to those who may see it (`PersonalData`).
    public var reportedFor: String?
    /// Evidence photos (report, before and after handling), with their location checks.
    @EvidencePhotos public var photos: [EvidencePhoto] = []

    /// A new case starts `reported` with an empty history; the other parameters let a store restore
    /// a case as it was saved (`validate()` then checks the history is consistent).
    public init(id: String, typeCode: String, source: CaseSource, point: Point, description: String,
                storefrontID: String? = nil, structureID: String? = nil, reportedAt: Date,
                attribution: Attribution? = nil, status: CaseStatus = .reported, assignment: Assignment? = nil,
                deadline: CaseDeadline? = nil, history: [CaseTransition] = [], duplicateOf: String? = nil) {
        self.id = id
        self.typeCode = typeCode
        self.source = source
        self._point = GeoJSONCoded(wrappedValue: point)
        self.description = description
        self.storefrontID = storefrontID
        self.structureID = structureID
        self.status = status
        self.assignment = assignment
        self.deadline = deadline
        self.reportedAt = reportedAt
        self.history = history
        self.duplicateOf = duplicateOf
        self.attribution = attribution
    }

    /// When the case was registered (立案), if it was.
    public var registeredAt: Date? { history.first { $0.event.kind == .register }?.at }
    /// When the case was closed (结案), if it is.
    public var closedAt: Date? { status == .closed ? history.last { $0.to == .closed }?.at : nil }
    /// How many times verification sent the case back for rework.
    public var reworkCount: Int { history.filter { $0.event.kind == .sendBack }.count }

    /// The due date under `calendar`, or nil while no deadline is set (before registration).
    public func dueDate(calendar: WorkingCalendar) throws -> Date? {
        try deadline?.due(on: calendar)
    }

    /// True when the case is still open on the administrative clock at `date` and past its due date.
    /// Derived, never stored: a case neither closed, cancelled, merged, rejected nor escalated (the
    /// police clock is not ours) whose due date is before `date`.
    public func isOverdue(at date: Date, calendar: WorkingCalendar) throws -> Bool {
        guard !status.isTerminal, status != .escalated, let due = try dueDate(calendar: calendar) else { return false }
        return date > due
    }

    /// For a closed case: whether it closed by its due date; nil if not closed or no deadline.
    public func closedOnTime(calendar: WorkingCalendar) throws -> Bool? {
        guard let closedAt, let due = try dueDate(calendar: calendar) else { return nil }
        return closedAt <= due
    }

    public func validate() throws {
        let check = EntityCheck(entity: "ViolationCase", id: id)
        try check.nonEmpty(id, "id")
        guard typeCode.count == 4, typeCode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw check.failure("typeCode", "\"\(typeCode)\" is not a four-digit case-type code")
        }
        try check.point(point, "point")
        try check.finite(reportedAt.timeIntervalSinceReferenceDate, "reportedAt")
        if let storefrontID { try check.nonEmpty(storefrontID, "storefrontID") }
        if let structureID { try check.nonEmpty(structureID, "structureID") }
        try attribution?.validate(check, field: "attribution")
        var state = CaseStatus.reported, last = reportedAt
        for (i, t) in history.enumerated() {
            let field = "history[\(i)]"
            try check.nonEmpty(t.actor, "\(field).actor")
            guard t.from == state else {
                throw check.failure("\(field).from", "is \(t.from.rawValue) but the case was \(state.rawValue)")
            }
            guard CaseWorkflow.target(from: t.from, event: t.event.kind) == t.to else {
                throw check.failure("\(field).to", "\(t.event.kind.rawValue) does not lead from \(t.from.rawValue) to \(t.to.rawValue)")
            }
            guard t.at >= last else { throw check.failure("\(field).at", "is earlier than the entry before it") }
            state = t.to
            last = t.at
        }
        guard state == status else {
            throw check.failure("status", "is \(status.rawValue) but the history ends in \(state.rawValue)")
        }
        if status == .mergedAsDuplicate, duplicateOf == nil {
            throw check.failure("duplicateOf", "is missing for a merged case")
        }
        if let duplicateOf, duplicateOf == id { throw check.failure("duplicateOf", "names the case itself") }
    }
}
