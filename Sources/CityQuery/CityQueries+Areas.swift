import CityModel
import CityStore
import Foundation
import GeoCore

/// What is in an area: its figures and its storefronts, structures and cases (filtered, paged).
public struct AreaContents: Sendable {
    public var figures: AreaFigures
    public var storefronts: Page
    public var structures: Page
    public var cases: Page
    /// The officers whose last known place (the last fix, else the station) is in the area, on
    /// duty or not: who is in this cell, or along this road, now.
    public var officers: Page
}

public struct GridReport: Sendable {
    public var cell: GridCell
    public var contents: AreaContents
}

public struct SegmentReport: Sendable {
    public var segment: ChiefSegment
    /// The frontage the members were collected in: "redline" (the road's red line near the
    /// segment) or a corridor of the given metres around the centreline.
    public var frontage: String
    public var contents: AreaContents
}

extension CityQueries {
    /// By grid: cell `code` with its figures and its members.
    public func grid(code: String, filter: MemberFilter = MemberFilter(), cursor: String? = nil, limit: Int? = nil,
                     asOf: Date = Date()) throws -> GridReport {
        let limit = try pageSize(limit)
        let canonical = (try? GridCode(parsing: code).description) ?? code
        return try store.read { view in
            guard let feature = view[.grids].feature(id: canonical), let geometry = feature.geometry else {
                throw CityQueryError.notFound(layer: "grids", id: code)
            }
            let cell = try feature.decode(GridCell.self)
            let contents = try contents(of: .polygon(geometry), in: view, filter: filter, cursor: cursor, limit: limit, asOf: asOf)
            return GridReport(cell: cell, contents: contents)
        }
    }

    /// By road-chief segment: the segment, its chief, and what lies along its frontage: within
    /// `corridorMeters` of the centreline when given, else inside the red line of its road within
    /// the red line's width of the segment.
    public func segment(id: String, corridorMeters: Double? = nil, filter: MemberFilter = MemberFilter(),
                        cursor: String? = nil, limit: Int? = nil, asOf: Date = Date()) throws -> SegmentReport {
        let limit = try pageSize(limit)
        if let corridorMeters, !(corridorMeters > 0 && corridorMeters <= 1000) {
            throw CityQueryError.badParameter(name: "distance", value: "\(corridorMeters)", reason: "must be between 0 and 1000 metres")
        }
        return try store.read { view in
            guard let feature = view[.segments].feature(id: id), let line = feature.geometry else {
                throw CityQueryError.notFound(layer: "segments", id: id)
            }
            let segment = try feature.decode(ChiefSegment.self)
            let area: AreaSelection
            let frontage: String
            if let corridorMeters {
                area = .corridor(along: line, meters: corridorMeters)
                frontage = "corridor \(corridorMeters) m"
            } else {
                // The red lines of this road that reach the segment, limited to the stretch the
                // segment covers (a point of the red line far along the road belongs to another
                // segment).
                let reach = configuration.redLineSearchMeters
                let redLines = AreaSelection.corridor(along: line, meters: reach).members(of: .redlines, in: view)
                    .filter { (try? $0.decode(RedLine.self).roadName) == segment.segment.roadName }
                    .compactMap(\.geometry)
                if redLines.isEmpty {
                    area = .corridor(along: line, meters: 30)
                    frontage = "corridor 30 m (no red line for \(segment.segment.roadName))"
                } else {
                    area = AreaSelection(envelope: line.envelope.expanded(by: reach), contains: { p in
                        redLines.contains { $0.covers(p) } && line.distance(to: p) <= reach
                            && !Self.beyondEnds(p, of: line)
                    })
                    frontage = "redline"
                }
            }
            let contents = try contents(of: area, in: view, filter: filter, cursor: cursor, limit: limit, asOf: asOf)
            return SegmentReport(segment: segment, frontage: frontage, contents: contents)
        }
    }

    /// Every segment one road chief answers for, in id order.
    public func segments(ofChief chiefID: String) throws -> [ChiefSegment] {
        let found = try store.read { view in
            try view[.segments].features.values
                .filter { $0.category == chiefID }
                .sorted { $0.id < $1.id }
                .map { try $0.decode(ChiefSegment.self) }
        }
        guard !found.isEmpty else { throw CityQueryError.notFound(layer: "chiefs", id: chiefID) }
        return found
    }

    func contents(of geometry: Geometry, in view: CityView, filter: MemberFilter, cursor: String?, limit: Int,
                  asOf: Date) throws -> AreaContents {
        try contents(of: .polygon(geometry), in: view, filter: filter, cursor: cursor, limit: limit, asOf: asOf)
    }

    func contents(of area: AreaSelection, in view: CityView, filter: MemberFilter, cursor: String?, limit: Int,
                  asOf: Date) throws -> AreaContents {
        let shops = area.members(of: .storefronts, in: view)
        let structures = area.members(of: .structures, in: view)
        let cases = area.members(of: .cases, in: view)
        let figures = try AreaFigures(storefronts: shops, structures: structures, cases: cases, asOf: asOf, calendar: calendar)
        return AreaContents(
            figures: figures,
            storefronts: .of(try shops.filter(filter.admits), after: cursor, limit: limit),
            structures: .of(try structures.filter(filter.admits), after: cursor, limit: limit),
            cases: .of(try cases.filter(filter.admits), after: cursor, limit: limit),
            officers: .of(area.members(of: .officers, in: view), after: cursor, limit: limit))
    }

    /// True when `p` lies past either end of the segment along the road (ahead of the last edge
    /// or behind the first): it fronts the neighbouring segment, not this one.
    static func beyondEnds(_ p: Point, of line: Geometry) -> Bool {
        guard case .lineString(let l) = line, l.points.count > 1 else { return false }
        let pts = l.points
        func ahead(_ end: Point, _ before: Point) -> Bool {
            (p.x - end.x) * (end.x - before.x) + (p.y - end.y) * (end.y - before.y) > 0
        }
        return ahead(pts[pts.count - 1], pts[pts.count - 2]) || ahead(pts[0], pts[1])
    }
}
