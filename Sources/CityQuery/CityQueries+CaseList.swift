import CityModel
import CityStore
import Foundation
import GeoCore
import SpatialIndex

/// Which cases `GET /api/v1/cases` and `citygrid case list` show; every filter given must hold.
public struct CaseFilter: Sendable, Hashable {
    /// Workflow statuses (reported, registered, dispatched…).
    public var statuses: Set<String>?
    /// Case-type codes.
    public var types: Set<String>?
    /// The grid cell the case was attributed to.
    public var grid: String?
    /// The road-chief segment the case was attributed to.
    public var segment: String?
    /// The road chief of that segment.
    public var chief: String?
    /// The department the case is dispatched to.
    public var department: String?
    /// Overdue (or not) at the list's `asOf`.
    public var overdue: Bool?
    /// Reported in [reportedFrom, reportedTo).
    public var reportedFrom: Date?
    public var reportedTo: Date?

    public init(statuses: Set<String>? = nil, types: Set<String>? = nil, grid: String? = nil, segment: String? = nil,
                chief: String? = nil, department: String? = nil, overdue: Bool? = nil,
                reportedFrom: Date? = nil, reportedTo: Date? = nil) {
        self.statuses = statuses
        self.types = types
        self.grid = grid
        self.segment = segment
        self.chief = chief
        self.department = department
        self.overdue = overdue
        self.reportedFrom = reportedFrom
        self.reportedTo = reportedTo
    }
}

/// One page of cases in id order, with the clock of each at the list's instant.
public struct CasePage: Sendable {
    public var items: [(violationCase: ViolationCase, clock: CaseClock)]
    public var numberMatched: Int
    public var nextCursor: String?
}

/// A case with its audit history (every transition, who and when, from the store's append-only
/// table) and its clock.
public struct CaseDetail: Sendable {
    public var violationCase: ViolationCase
    public var history: [CaseTransitionRow]
    public var clock: CaseClock
}

extension CityQueries {
    /// A case by id.
    public func violationCase(id: String) throws -> ViolationCase {
        guard let feature = store.read({ $0[.cases].feature(id: id) }) else { throw CityQueryError.notFound(layer: "cases", id: id) }
        return try feature.decode(ViolationCase.self)
    }

    /// A case by id, with its audit history.
    public func caseDetail(id: String, asOf: Date = Date()) throws -> CaseDetail {
        let c = try violationCase(id: id)
        return CaseDetail(violationCase: c, history: try store.transitions(caseID: id), clock: try clock(of: c, asOf: asOf))
    }

    /// The most recently reported cases meeting the filter, newest first (Open311's order).
    public func latestCases(_ filter: CaseFilter, limit: Int, asOf: Date = Date()) throws -> [ViolationCase] {
        try checked(filter)
        let matched = try matching(filter, asOf: asOf, after: nil).cases
        return Array(matched.sorted { ($0.reportedAt, $0.id) > ($1.reportedAt, $1.id) }.prefix(limit))
    }

    /// Cases meeting the filter, in id order, a page at a time. The stored status and type narrow
    /// the candidates before any case is decoded; a cell, segment or chief narrows them through
    /// the R-tree to the zone's surroundings.
    public func cases(_ filter: CaseFilter, asOf: Date = Date(), cursor: String? = nil, limit: Int? = nil) throws -> CasePage {
        let size = try pageSize(limit)
        try checked(filter)
        let matched = try matching(filter, asOf: asOf, after: cursor, decodingAtMost: size)
        // numberMatched counts from the cursor on, like the pages it describes.
        let page = matched.cases.prefix(size)
        return CasePage(items: try page.map { ($0, try clock(of: $0, asOf: asOf)) }, numberMatched: matched.count,
                        nextCursor: matched.count > size ? page.last?.id : nil)
    }

    /// The filter's values, checked before any case is read.
    private func checked(_ filter: CaseFilter) throws {
        if let unknown = filter.statuses?.first(where: { CaseStatus(rawValue: $0) == nil }) {
            throw CityQueryError.badParameter(name: "status", value: unknown,
                                              reason: "expected one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let unknown = filter.types?.first(where: { catalogue.caseType(code: $0) == nil }) {
            throw CityQueryError.badParameter(name: "type", value: unknown, reason: "no such case type in the catalogue")
        }
        if let from = filter.reportedFrom, let to = filter.reportedTo, !(from < to) {
            throw CityQueryError.badParameter(name: "reportedTo", value: CityTime.timestamp(to), reason: "must be after reportedFrom")
        }
    }

    /// The cases meeting the filter after the cursor, in id order, and how many there are. When
    /// the stored status and type decide the filter alone, only the first `decodingAtMost` cases
    /// are decoded: a page of a million-case layer decodes a page, not the layer.
    private func matching(_ filter: CaseFilter, asOf: Date, after cursor: String?,
                          decodingAtMost limit: Int = .max) throws -> (cases: [ViolationCase], count: Int) {
        try store.read { view in
            let table = view[.cases]
            var candidates: [StoredFeature]
            if let window = try zoneWindow(filter, in: view) {
                candidates = table.index.search(window).compactMap { table.features[Int64($0)] }
            } else {
                candidates = Array(table.features.values)
            }
            if let statuses = filter.statuses { candidates.removeAll { !($0.status.map(statuses.contains) ?? false) } }
            if let types = filter.types { candidates.removeAll { !($0.category.map(types.contains) ?? false) } }
            if let cursor { candidates.removeAll { !cursor.utf8.lexicographicallyPrecedes($0.id.utf8) } }
            candidates.sort { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
            guard Self.needsDecodedFields(filter) else {
                return (try candidates.prefix(limit).map { try $0.decode(ViolationCase.self) }, candidates.count)
            }
            var out: [ViolationCase] = []
            for f in candidates {
                let c = try f.decode(ViolationCase.self)
                if try admits(c, filter, asOf: asOf) { out.append(c) }
            }
            return (out, out.count)
        }
    }

    /// Whether the filter asks about anything the stored status and type columns do not hold.
    private static func needsDecodedFields(_ f: CaseFilter) -> Bool {
        f.grid != nil || f.segment != nil || f.chief != nil || f.department != nil || f.overdue != nil
            || f.reportedFrom != nil || f.reportedTo != nil
    }

    /// The part of the map a cell, segment or chief filter confines the cases to.
    private func zoneWindow(_ filter: CaseFilter, in view: CityView) throws -> IndexBox? {
        var envelope: Envelope?
        func narrow(_ e: Envelope) { envelope = envelope.map { $0.intersection(e) } ?? e }
        let reach = configuration.segmentToleranceMeters
        if let grid = filter.grid {
            let code = (try? GridCode(parsing: grid).description) ?? grid
            guard let g = view[.grids].feature(id: code)?.geometry else { throw CityQueryError.notFound(layer: "grids", id: grid) }
            narrow(g.envelope)
        }
        if let segment = filter.segment {
            guard let g = view[.segments].feature(id: segment)?.geometry else { throw CityQueryError.notFound(layer: "segments", id: segment) }
            narrow(g.envelope.expanded(by: reach))
        }
        if let chief = filter.chief {
            let lines = view[.segments].features.values.filter { $0.category == chief }.compactMap(\.geometry)
            guard !lines.isEmpty else { throw CityQueryError.notFound(layer: "chiefs", id: chief) }
            narrow(lines.reduce(Envelope.empty) { $0.union($1.envelope) }.expanded(by: reach))
        }
        return envelope.map { IndexBox(minX: $0.minX, minY: $0.minY, maxX: $0.maxX, maxY: $0.maxY) }
    }

    private func admits(_ c: ViolationCase, _ filter: CaseFilter, asOf: Date) throws -> Bool {
        if let grid = filter.grid {
            let code = (try? GridCode(parsing: grid).description) ?? grid
            guard c.attribution?.gridCode?.description == code else { return false }
        }
        if let segment = filter.segment, c.attribution?.segment?.segmentID != segment { return false }
        if let chief = filter.chief, c.attribution?.segment?.chiefID != chief { return false }
        if let department = filter.department {
            guard case .department(let code)? = c.assignment, code == department else { return false }
        }
        if let from = filter.reportedFrom, c.reportedAt < from { return false }
        if let to = filter.reportedTo, c.reportedAt >= to { return false }
        if let overdue = filter.overdue, try c.isOverdue(at: asOf, calendar: calendar) != overdue { return false }
        return true
    }
}
