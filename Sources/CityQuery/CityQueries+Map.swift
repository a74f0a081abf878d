import CityModel
import CityStore
import Foundation
import GeoCore

extension CityQueries {
    /// Builds the map's case columns and the figures' ledger now (what the first map or dashboard
    /// request would otherwise wait for), from one decoding of every case. The server calls it on
    /// a thread of its own as it starts.
    public func warmCaseColumns() {
        _ = try? casePoints.columns(for: self, waiting: true)
        _ = try? caseLedger.columns(for: self, waiting: true)
    }

    /// Most cases a viewport lists one by one; above it the map gets aggregates. A few thousand
    /// canvas markers redraw within a frame, and more overlap into a blob anyway.
    public static let mapCaseLimit = 2000
    /// Most heat-map squares an answer holds (a full-screen map at 8-pixel squares is ~16,000).
    static let heatCellLimit = 40000

    /// The cases of a viewport (working CRS) at a zoom: the cases themselves when at most
    /// `caseLimit` meet the filter, else per grid cell from `MapScale.cellZoom` on, else per grid
    /// cluster. Counts come from one sweep over `CasePoints`.
    public func caseMap(window: Envelope, zoom: Int, filter: CaseMapFilter, asOf: Date,
                        caseLimit: Int = CityQueries.mapCaseLimit) throws -> CaseMapAnswer {
        try Self.checkMap(window: window, zoom: zoom)
        let points = try casePoints.columns(for: self)
        let byCell = zoom >= MapScale.cellZoom
        let size = MapScale.clusterMeters(zoom: zoom)
        // Cluster squares the window touches, as a flat array (a district at zoom 11 is a few
        // hundred squares; a sweep with a dictionary per case cost twice as much).
        let c0 = Int((window.minX / size).rounded(.down)), r0 = Int((window.minY / size).rounded(.down))
        let columns = Int((window.maxX / size).rounded(.down)) - c0 + 1
        let rows = Int((window.maxY / size).rounded(.down)) - r0 + 1
        let slots = byCell ? points.cellCodes.count : columns * rows
        guard slots <= 4_000_000 else {
            throw CityQueryError.badParameter(name: "zoom", value: "\(zoom)", reason: "the bbox holds too many clusters at this zoom; zoom in or narrow the bbox")
        }
        var counts = [Int](repeating: 0, count: slots), overdues = [Int](repeating: 0, count: slots)
        var sumX = [Double](repeating: 0, count: slots), sumY = [Double](repeating: 0, count: slots)
        var listed: [Int] = []
        var matched = 0, overdue = 0
        sweep(points, window: window, filter: filter, asOf: asOf) { i, late in
            matched += 1
            if late { overdue += 1 }
            if listed.count <= caseLimit { listed.append(i) }
            let slot: Int
            if byCell {
                guard points.cells[i] >= 0 else { return }
                slot = Int(points.cells[i])
            } else {
                slot = (Int((points.ys[i] / size).rounded(.down)) - r0) * columns + Int((points.xs[i] / size).rounded(.down)) - c0
            }
            counts[slot] += 1
            if late { overdues[slot] += 1 }
            sumX[slot] += points.xs[i]
            sumY[slot] += points.ys[i]
        }
        if matched <= caseLimit {
            let asOfSeconds = asOf.timeIntervalSinceReferenceDate
            let wanted = listed.map { (points.rowids[$0], points.xs[$0], points.ys[$0], points.open[$0] && asOfSeconds > points.due[$0], points.reported[$0],
                                        points.cells[$0] >= 0 ? points.cellCodes[Int(points.cells[$0])] : nil) }
            let cases: [CaseMapAnswer.Case] = store.read { view in
                let table = view[.cases]
                return wanted.compactMap { (rowid, x, y, late, reported, cell) -> CaseMapAnswer.Case? in
                    guard let f = table.features[rowid] else { return nil }
                    return CaseMapAnswer.Case(id: f.id, position: Point(x: x, y: y), status: f.status ?? "", typeCode: f.category ?? "",
                                              overdue: late, reportedAt: reported.isFinite ? Date(timeIntervalSinceReferenceDate: reported) : nil, cell: cell)
                }
            }.sorted { $0.id < $1.id }
            return CaseMapAnswer(level: .cases, matched: matched, overdue: overdue, clusterMeters: nil, groups: [], cases: cases)
        }
        var groups: [CaseMapAnswer.Group] = []
        for slot in 0..<slots where counts[slot] > 0 {
            let n = Double(counts[slot])
            let key = byCell ? points.cellCodes[slot] : "\(c0 + slot % columns):\(r0 + slot / columns)"
            groups.append(CaseMapAnswer.Group(key: key, count: counts[slot], overdue: overdues[slot],
                                              position: Point(x: sumX[slot] / n, y: sumY[slot] / n)))
        }
        return CaseMapAnswer(level: byCell ? .cells : .clusters, matched: matched, overdue: overdue,
                             clusterMeters: byCell ? nil : size, groups: groups, cases: [])
    }

    /// Cases per heat-map square (`MapScale.heatMeters`) in a viewport.
    public func caseHeat(window: Envelope, zoom: Int, filter: CaseMapFilter, asOf: Date) throws -> CaseHeat {
        try Self.checkMap(window: window, zoom: zoom)
        let points = try casePoints.columns(for: self)
        let size = MapScale.heatMeters(zoom: zoom)
        var counts: [Int64: Int] = [:]
        var matched = 0
        sweep(points, window: window, filter: filter, asOf: asOf) { i, _ in
            matched += 1
            let column = Int64((points.xs[i] / size).rounded(.down)), row = Int64((points.ys[i] / size).rounded(.down))
            counts[column << 32 | (row & 0xffff_ffff), default: 0] += 1
        }
        guard counts.count <= Self.heatCellLimit else {
            throw CityQueryError.badParameter(name: "zoom", value: "\(zoom)", reason: "the bbox holds over \(Self.heatCellLimit) heat squares at this zoom; zoom in or narrow the bbox")
        }
        let cells = counts.map { key, n -> CaseHeat.Cell in
            let column = Int(key >> 32), row = Int(Int32(truncatingIfNeeded: key))
            return CaseHeat.Cell(column: column, row: row, count: n,
                                 center: Point(x: (Double(column) + 0.5) * size, y: (Double(row) + 0.5) * size))
        }.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        return CaseHeat(cellMeters: size, matched: matched, cells: cells)
    }

    /// Calls `body(index, overdue)` for each case in the window (closed) meeting the filter.
    private func sweep(_ points: CasePoints, window: Envelope, filter: CaseMapFilter, asOf: Date, _ body: (Int, Bool) -> Void) {
        let asOfSeconds = asOf.timeIntervalSinceReferenceDate
        let from = filter.reportedFrom?.timeIntervalSinceReferenceDate ?? -.infinity
        let to = filter.reportedTo?.timeIntervalSinceReferenceDate ?? .infinity
        let mask = points.typeMask(filter.types)
        var i = points.firstIndex(atLeast: window.minX)
        let xs = points.xs, ys = points.ys
        while i < xs.count, xs[i] <= window.maxX {
            defer { i += 1 }
            let y = ys[i]
            guard y >= window.minY, y <= window.maxY else { continue }
            let t = points.reported[i]
            guard t >= from, t < to else { continue }
            if let mask, !mask[Int(points.types[i])] { continue }
            let late = points.open[i] && asOfSeconds > points.due[i]
            switch filter.scope {
            case .open: guard points.open[i] else { continue }
            case .overdue: guard late else { continue }
            case .all: break
            }
            body(i, late)
        }
    }

    static func checkMap(window: Envelope, zoom: Int) throws {
        guard window.isFinite, !window.isEmpty else {
            throw CityQueryError.badParameter(name: "bbox", value: "\(window)", reason: "needs finite minX ≤ maxX and minY ≤ maxY")
        }
        // Squares are counted in Ints: a box beyond any place on Earth (a working-CRS bbox of
        // 1e300) is refused here, not trapped on.
        guard [window.minX, window.minY, window.maxX, window.maxY].allSatisfy({ abs($0) < 1e9 }) else {
            throw CityQueryError.badParameter(name: "bbox", value: "\(window)", reason: "coordinates beyond ±1e9 m")
        }
        guard MapScale.zooms.contains(zoom) else {
            throw CityQueryError.badParameter(name: "zoom", value: "\(zoom)", reason: "must be between \(MapScale.zooms.lowerBound) and \(MapScale.zooms.upperBound)")
        }
    }
}
