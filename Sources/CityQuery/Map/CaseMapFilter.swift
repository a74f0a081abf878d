import Foundation

/// Which cases the map counts and draws: the open ones, the overdue ones or all of them; some
/// types; reported in a window [from, to). The grid center's time filter (last 24 h / 7 d / 30 d /
/// custom) is the window.
public struct CaseMapFilter: Sendable, Hashable {
    public enum Scope: String, Sendable, CaseIterable {
        /// Not closed, rejected, cancelled, merged or escalated (`CityQueries.openStatuses`).
        case open
        /// Open and past the deadline at the answer's instant (`ViolationCase.isOverdue`).
        case overdue
        case all
    }

    public var scope: Scope
    public var types: Set<String>?
    public var reportedFrom: Date?
    public var reportedTo: Date?

    public init(scope: Scope = .open, types: Set<String>? = nil, reportedFrom: Date? = nil, reportedTo: Date? = nil) {
        self.scope = scope
        self.types = types
        self.reportedFrom = reportedFrom
        self.reportedTo = reportedTo
    }
}

/// The map's scales, all powers of two in metres decided by the zoom alone, so that a cluster does
/// not move as the map pans (a grid anchored at the working CRS's origin) and PostGIS can form
/// the same groups with `floor(x / size)`. At Shanghai's latitude a Web Mercator pixel at zoom z
/// is about 2^17.03 / 2^z metres.
public enum MapScale {
    /// A cluster's side: about 60 screen pixels.
    public static func clusterMeters(zoom: Int) -> Double { pow(2, Double(23 - zoom)) }
    /// A heat-map cell's side: about 8 screen pixels.
    public static func heatMeters(zoom: Int) -> Double { pow(2, Double(20 - zoom)) }
    /// What a base line may move when simplified: about one pixel.
    public static func toleranceMeters(zoom: Int) -> Double { pow(2, Double(17 - zoom)) }
    /// The zooms the map asks for (Leaflet's).
    public static let zooms = 0...22
    /// From this zoom on, aggregates are per grid cell (a cell is some 50 pixels across there).
    public static let cellZoom = 16
}
