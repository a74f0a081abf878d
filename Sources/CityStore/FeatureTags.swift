/// Each feature's `category` and `status` as small integers in arrays indexed by rowid, so that a
/// filter walked inside the R-tree ("open cases of these types") costs two array reads per
/// candidate instead of copying the feature out of a dictionary and hashing two strings.
public struct FeatureTags: Sendable {
    /// Interned names, shared by categories and statuses; never shrinks while the store is open.
    private var names: [String] = []
    private var symbols: [String: Int32] = [:]
    /// The rowid at index 0 of the arrays.
    private var base: Int64 = 0
    /// symbol + 1, 0 for none, -1 where no feature has this rowid.
    private var categories: [Int32] = []
    private var statuses: [Int32] = []

    /// A membership table for a set of names, indexed by symbol + 1 (index 0, "none", is false).
    public func mask(_ wanted: Set<String>) -> [Bool] {
        var mask = [Bool](repeating: false, count: names.count + 1)
        for name in wanted { if let s = symbols[name] { mask[Int(s) + 1] = true } }
        return mask
    }

    /// Whether a feature has `rowid` and its status and category are in the masks (nil: any,
    /// including none).
    @inline(__always)
    public func matches(rowid: Int64, status: [Bool]?, category: [Bool]?) -> Bool {
        let at = rowid &- base
        guard at >= 0, at < Int64(statuses.count) else { return false }
        let s = statuses[Int(at)]
        guard s >= 0 else { return false }
        if let status, !status[Int(s)] { return false }
        if let category, !category[Int(categories[Int(at)])] { return false }
        return true
    }

    mutating func set(rowid: Int64, category: String?, status: String?) {
        if statuses.isEmpty { base = rowid }
        if rowid < base {
            let gap = repeatElement(Int32(-1), count: Int(base - rowid))
            categories.insert(contentsOf: gap, at: 0)
            statuses.insert(contentsOf: gap, at: 0)
            base = rowid
        }
        let at = Int(rowid - base)
        if at >= statuses.count {
            let gap = repeatElement(Int32(-1), count: at - statuses.count + 1)
            categories.append(contentsOf: gap)
            statuses.append(contentsOf: gap)
        }
        categories[at] = intern(category)
        statuses[at] = intern(status)
    }

    mutating func clear(rowid: Int64) {
        let at = rowid &- base
        guard at >= 0, at < Int64(statuses.count) else { return }
        categories[Int(at)] = -1
        statuses[Int(at)] = -1
    }

    /// 0 for none, else symbol + 1.
    private mutating func intern(_ name: String?) -> Int32 {
        guard let name else { return 0 }
        if let s = symbols[name] { return s + 1 }
        let s = Int32(names.count)
        names.append(name)
        symbols[name] = s
        return s + 1
    }
}
