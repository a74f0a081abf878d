import CityModel
import CityStore
import Foundation

/// Which members of an area a list shows.
public struct MemberFilter: Sendable, Hashable {
    /// Case statuses, structure statuses (identified, notified, demolished) or licence statuses
    /// (licensed, unlicensed, expired), matched against whichever the layer has.
    public var statuses: Set<String>?
    /// Case type codes.
    public var types: Set<String>?
    /// Cases reported in [from, to).
    public var from: Date?
    public var to: Date?

    public init(statuses: Set<String>? = nil, types: Set<String>? = nil, from: Date? = nil, to: Date? = nil) {
        self.statuses = statuses
        self.types = types
        self.from = from
        self.to = to
    }

    func admits(_ f: StoredFeature) throws -> Bool {
        switch f.layer {
        case .cases:
            if let statuses, !(f.status.map(statuses.contains) ?? false) { return false }
            if let types, !(f.category.map(types.contains) ?? false) { return false }
            if from != nil || to != nil {
                let reported = try f.decode(ViolationCase.self).reportedAt
                if let from, reported < from { return false }
                if let to, reported >= to { return false }
            }
            return true
        case .storefronts, .structures:
            if let statuses, !(f.category.map(statuses.contains) ?? false) { return false }
            return true
        default:
            return true
        }
    }
}

/// One page of a list, in id order. The cursor is the last id returned: the next page starts
/// after it, so pages stay stable while entities are added or closed between requests.
public struct Page: Sendable, Hashable {
    public var items: [CityFeature]
    public var numberMatched: Int
    public var nextCursor: String?

    static func of(_ sorted: [StoredFeature], after cursor: String?, limit: Int) -> Page {
        let start = cursor.map { c in sorted.firstIndex { $0.id > c } ?? sorted.count } ?? 0
        let slice = Array(sorted[start..<Swift.min(sorted.count, start + limit)])
        let more = start + slice.count < sorted.count
        return Page(items: slice.map(CityFeature.init), numberMatched: sorted.count, nextCursor: more ? slice.last?.id : nil)
    }
}
