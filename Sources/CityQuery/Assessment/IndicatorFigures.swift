import CityModel
import Foundation

/// The assessment indicators of one group as the dashboard, the report and their documents show
/// them: the counts behind each rate, and each rate as a fraction (nil when nothing was counted,
/// 0 / 0 being no rate). A designed shape, flat so that a page, a sheet and a test read it alike.
public struct IndicatorFigures: Codable, Sendable, Hashable {
    /// 受理数
    public var received: Int
    /// 立案数
    public var registered: Int
    /// 应结案数
    public var due: Int
    /// 结案数 (of the due)
    public var closed: Int
    /// 按期结案数
    public var closedOnTime: Int
    /// 处置数 and 返工数 (transitions, not cases)
    public var handled: Int
    public var sentBack: Int
    /// 超期未结 at the period's end
    public var overdueOpen: Int
    public var closedLate: Int
    /// 立案率, 结案率, 按期结案率, 返工率
    public var registrationRate: Double?
    public var closureRate: Double?
    public var onTimeClosureRate: Double?
    public var reworkRate: Double?
    /// 平均处置时长, registration to closure, in hours
    public var meanHandlingHours: Double?

    public init(_ i: CaseIndicators) {
        received = i.received
        registered = i.registrationRate.numerator
        due = i.closureRate.denominator
        closed = i.closureRate.numerator
        closedOnTime = i.onTimeClosureRate.numerator
        handled = i.reworkRate.denominator
        sentBack = i.reworkRate.numerator
        overdueOpen = i.overdueOpen
        closedLate = i.closedLate
        registrationRate = i.registrationRate.value
        closureRate = i.closureRate.value
        onTimeClosureRate = i.onTimeClosureRate.value
        reworkRate = i.reworkRate.value
        meanHandlingHours = i.meanHandlingSeconds.map { $0 / 3600 }
    }

    /// The order of a ranking: 按期结案率 first (the standard's headline), then 结案率, then fewer
    /// overdue; a group with nothing due ranks after every group with a rate.
    public static func ranksBefore(_ a: IndicatorFigures, _ b: IndicatorFigures) -> Bool? {
        switch (a.onTimeClosureRate, b.onTimeClosureRate) {
        case (nil, nil): break
        case (nil, _): return false
        case (_, nil): return true
        case let (x?, y?) where x != y: return x > y
        default: break
        }
        if a.closureRate != b.closureRate { return (a.closureRate ?? -1) > (b.closureRate ?? -1) }
        if a.overdueOpen != b.overdueOpen { return a.overdueOpen < b.overdueOpen }
        return nil
    }
}

/// One group's line in a ranking: its key, its name for people, its rank (1 = best), this
/// period's indicators and, in the monthly report, last period's beside them.
public struct RankedGroup: Codable, Sendable, Hashable {
    public var group: String
    public var label: String
    public var rank: Int
    public var current: IndicatorFigures
    public var previous: IndicatorFigures?
}

extension [RankedGroup] {
    /// Ranks in place by `IndicatorFigures.ranksBefore`, ties broken by the group's key.
    mutating func rank() {
        sort { a, b in IndicatorFigures.ranksBefore(a.current, b.current) ?? (a.group < b.group) }
        for i in indices { self[i].rank = i + 1 }
    }
}
