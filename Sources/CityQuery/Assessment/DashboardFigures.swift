import CityModel
import Foundation

/// Everything the grid center's wall screen (领导驾驶舱) shows, computed at one instant.
public struct DashboardFigures: Codable, Sendable, Hashable {
    public var asOf: Date
    /// Today from Shanghai midnight to `asOf`, and the same stretch of the same weekday a week before.
    public var today: DayCounts
    public var sameDayLastWeek: DayCounts
    /// The window the rankings cover: the 30 Shanghai days ending with today (today up to `asOf`,
    /// which is `windowEnd`); `/api/v1/figures?from=windowStart&to=windowEnd` gives the same lines.
    public var windowStart: Date
    public var windowEnd: Date
    /// The days of the sparklines, oldest first (`YYYY-MM-DD`), one per point of every series.
    public var days: [String]
    /// Indicators over the window by sub-district, department and road chief, ranked, each with
    /// its daily series.
    public var subDistricts: [TrendGroup]
    public var departments: [TrendGroup]
    public var chiefs: [TrendGroup]
    /// The ten cells and the ten segments with the most open cases at `asOf`.
    public var topCells: [OpenCaseCount]
    public var topSegments: [OpenCaseCount]
    /// Storefronts and structures with more than one case, the latest in the window.
    public var repeatOffenders: [RepeatOffender]
}

/// A group's ranking line and its day-by-day figures (one `IndicatorFigures` per day of `days`).
public struct TrendGroup: Codable, Sendable, Hashable {
    public var ranked: RankedGroup
    public var daily: [IndicatorFigures]
}

/// Open and overdue cases of one cell or segment.
public struct OpenCaseCount: Codable, Sendable, Hashable {
    public var id: String
    public var label: String
    public var open: Int
    public var overdue: Int
}

/// One offender (a storefront's 一店一档 or a structure's 一户一档) and its linked cases.
public struct RepeatOffender: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case storefront, structure }
    public var kind: Kind
    public var id: String
    public var label: String
    /// Every case linked by `RepeatOffenderRule` to the offender's latest case, plus that case.
    public var cases: Int
    public var latestCaseID: String
    public var latestReportedAt: Date
}
