@testable import CityStore
import Testing
import TestSupport

/// The journal against a list of every edit: what it answers since any generation is exactly the
/// rowids edited after it, or nil once it no longer reaches back; a replacement cuts it.
struct ChangeJournalTests {
    @Test func answersExactlyTheEditsSinceAGenerationOrNothing() {
        var journal = ChangeJournal()
        var edits: [[Int64]] = [[]]   // edits[g]: the rowids of generation g
        var rng = SplitMix64(seed: TestSeed.value("changeJournal", default: 5))
        var answered = 0, refused = 0
        for _ in 0..<800 {
            // Mostly a few rows; now and then a batch of thousands, once beyond the journal.
            let n = rng.next(50) == 0 ? 1000 + rng.next(9000) : 1 + rng.next(4)
            let rowids = (0..<n).map { _ in Int64(rng.next(100_000)) }
            journal.record(rowids)
            edits.append(rowids)
            #expect(journal.generation == UInt64(edits.count - 1))
            let since = rng.next(edits.count)
            if let changed = journal.changed(since: UInt64(since)) {
                // The brute force only where the journal answers: it is bounded by the journal's size.
                #expect(changed == Set(edits[(since + 1)...].joined()), "since \(since) of \(journal.generation)")
                answered += 1
            } else {
                // Refused only when the edits since hold more than the journal keeps.
                #expect(edits[(since + 1)...].map(\.count).reduce(0, +) > ChangeJournal.capacity / 2, "refused since \(since)")
                refused += 1
            }
        }
        #expect(answered > 50 && refused > 50, "\(answered) answered, \(refused) refused")
        #expect(journal.changed(since: journal.generation) == [])
        #expect(journal.changed(since: journal.generation + 1) == nil)
        let before = journal.generation
        journal.reset()
        #expect(journal.changed(since: before) == nil)
        #expect(journal.changed(since: journal.generation) == [])
    }
}
