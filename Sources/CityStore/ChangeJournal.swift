/// The rowids a layer's recent edits touched, numbered by the table's generation, so that a view
/// built from the layer (the map's case columns) can be patched with what changed instead of
/// rebuilt from a million rows after every write. Bounded: a reader that fell further behind than
/// the journal reaches, or across a whole-layer replacement, is told to rebuild.
public struct ChangeJournal: Sendable {
    /// Bumped by every edit and every replacement of the layer.
    public private(set) var generation: UInt64 = 0
    /// Every edit after this generation is in `entries`.
    private var reachesBack: UInt64 = 0
    private var entries: [(generation: UInt64, rowid: Int64)] = []
    /// A reader more than this many row edits behind rebuilds (a bulk import touches more).
    static let capacity = 1 << 16

    /// Records one edit's rowids (put or removed) under a new generation.
    /// A lazy collection: an import's million changes are counted, not copied, before the reset.
    mutating func record(_ rowids: some Collection<Int64>) {
        // An edit as large as the journal (an import) is as good as a replacement.
        guard rowids.count <= Self.capacity / 2 else { return reset() }
        generation += 1
        for rowid in rowids { entries.append((generation, rowid)) }
        guard entries.count > Self.capacity else { return }
        // Keep the newer half, cut at a generation's end: a generation is whole or gone.
        reachesBack = entries[entries.count - Self.capacity / 2].generation
        let dropped = entries.firstIndex { $0.generation > reachesBack } ?? entries.count
        entries.removeFirst(dropped)
    }

    /// The layer was replaced whole: nothing before now can be patched.
    mutating func reset() {
        generation += 1
        reachesBack = generation
        entries.removeAll()
    }

    /// The rowids put or removed after `since`, or nil when the journal does not reach back that far.
    public func changed(since: UInt64) -> Set<Int64>? {
        guard since >= reachesBack, since <= generation else { return nil }
        var out = Set<Int64>()
        // Entries are in generation order: walk back from the newest to the first after `since`.
        for entry in entries.reversed() {
            guard entry.generation > since else { break }
            out.insert(entry.rowid)
        }
        return out
    }
}
