import Foundation
import GeoCore

/// What the map draws of the cases in a viewport, at the level the server chose.
public struct CaseMapAnswer: Sendable {
    public enum Level: String, Sendable, CaseIterable {
        /// Grid clusters of `clusterMeters`, anchored at the working CRS's origin.
        case clusters
        /// One aggregate per grid cell (the cell the case was attributed to).
        case cells
        /// The cases themselves: the viewport holds few enough to read.
        case cases
    }

    /// A group of cases: a cluster or a cell. `position` is the mean of its cases' points.
    public struct Group: Sendable, Hashable {
        /// `x:y` cluster indices (floor(x / size), floor(y / size)) or the cell's code.
        public var key: String
        public var count: Int
        public var overdue: Int
        public var position: Point
    }

    public struct Case: Sendable, Hashable {
        public var id: String
        public var position: Point
        public var status: String
        public var typeCode: String
        public var overdue: Bool
        /// nil for a case whose attributes do not decode (`CaseMapFacts.of`).
        public var reportedAt: Date?
        /// The grid cell the case was attributed to.
        public var cell: String?
    }

    public var level: Level
    /// Cases in the viewport meeting the filter, and how many of them are overdue.
    public var matched: Int
    public var overdue: Int
    public var clusterMeters: Double?
    public var groups: [Group]
    public var cases: [Case]
}

/// Cases per square of a grid, for the heat map: `cellMeters` squares anchored at the origin.
public struct CaseHeat: Sendable {
    public struct Cell: Sendable, Hashable {
        public var column: Int
        public var row: Int
        public var count: Int
        /// The square's centre.
        public var center: Point
    }

    public var cellMeters: Double
    public var matched: Int
    public var cells: [Cell]
}
