import Foundation

extension CaseIndicators {
    /// The indicators of each group of cases, e.g. by sub-district (`$0.attribution?.subDistrict`),
    /// by department (`$0.assignment?.id`) or by case type. Cases whose key is nil are left out.
    /// Each group is computed exactly as `compute` computes the whole.
    public static func computeByGroup<Key: Hashable>(_ cases: [ViolationCase], period: DateInterval,
                                                     calendar: WorkingCalendar,
                                                     key: (ViolationCase) -> Key?) throws -> [Key: CaseIndicators] {
        var groups: [Key: [ViolationCase]] = [:]
        for c in cases { if let k = key(c) { groups[k, default: []].append(c) } }
        return try groups.mapValues { try compute($0, period: period, calendar: calendar) }
    }
}
