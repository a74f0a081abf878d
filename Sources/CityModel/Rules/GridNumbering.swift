import GeoCore

/// A grid cell that has no code yet: its community and the centroid of its polygon.
public struct UncodedCell: Hashable, Sendable {
    public var id: String
    public var community: CommunityCode
    public var centroid: Point

    public init(id: String, community: CommunityCode, centroid: Point) {
        self.id = id
        self.community = community
        self.centroid = centroid
    }
}

/// Numbers cells the way grid surveys read a map: within each community, north to south in rows,
/// and west to east within a row.
public enum GridNumbering {
    /// Assigns codes to `cells`, continuing after the highest cell number `existing` codes already
    /// use in each community (existing codes are never changed).
    ///
    /// Rows: cells sorted by centroid y descending; a cell starts a new row when its y is more than
    /// `rowTolerance` below the y of the row's first (northernmost) cell. Anchoring on the first
    /// cell keeps a slowly tilting grid from chaining into one endless row. Within a row, x
    /// ascending; exact ties by id, so the result never depends on input order.
    /// - Returns: the new code of every cell, keyed by cell id.
    /// - Throws: `nonFiniteCoordinate` for a bad centroid; `gridNumberingExhausted` past 9999.
    public static func assign(_ cells: [UncodedCell], existing: [GridCode] = [],
                              rowTolerance: Double) throws -> [String: GridCode] {
        precondition(rowTolerance >= 0 && rowTolerance.isFinite, "row tolerance is a non-negative distance")
        for cell in cells where !cell.centroid.isFinite {
            throw CityModelError.nonFiniteCoordinate(function: "GridNumbering.assign", id: cell.id)
        }
        var highest: [CommunityCode: Int] = [:]
        for code in existing { highest[code.communityCode] = max(highest[code.communityCode] ?? 0, code.cell) }
        var result: [String: GridCode] = [:]
        for (community, members) in Dictionary(grouping: cells, by: \.community) {
            var next = (highest[community] ?? 0) + 1
            for row in rows(of: members, tolerance: rowTolerance) {
                for cell in row {
                    guard next <= 9999 else { throw CityModelError.gridNumberingExhausted(community: community.description) }
                    result[cell.id] = try community.cell(next)
                    next += 1
                }
            }
        }
        return result
    }

    /// The cells grouped in rows, north row first, each row west to east.
    static func rows(of cells: [UncodedCell], tolerance: Double) -> [[UncodedCell]] {
        let northFirst = cells.sorted {
            ($0.centroid.y, $1.centroid.x, $1.id) > ($1.centroid.y, $0.centroid.x, $0.id)
        }
        var rows: [[UncodedCell]] = []
        var rowTop = Double.infinity
        for cell in northFirst {
            if rows.isEmpty || rowTop - cell.centroid.y > tolerance {
                rows.append([])
                rowTop = cell.centroid.y
            }
            rows[rows.count - 1].append(cell)
        }
        return rows.map { row in row.sorted { ($0.centroid.x, $0.id) < ($1.centroid.x, $1.id) } }
    }
}
