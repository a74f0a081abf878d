import Foundation

/// Runs work over `0..<count` on all cores (`DispatchQueue.concurrentPerform`), in contiguous
/// ranges, and hands the results back in range order, so that whoever merges them sees the records
/// in the order a serial loop would have.
enum ParallelRanges {
    /// - Parameter minimumRange: below this many items per range the hand-off costs more than
    ///   the work it spreads; a count this small runs on the calling thread alone.
    static func map<T>(count: Int, minimumRange: Int = 512, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        guard count > 0 else { return [] }
        // A few ranges per core, so a core that finishes early takes another instead of idling.
        let ranges = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount * 4, count / minimumRange))
        if ranges == 1 { return [body(0..<count)] }
        let box = Slots<T>(count: ranges)
        DispatchQueue.concurrentPerform(iterations: ranges) { r in
            box.set(r, body(count * r / ranges ..< count * (r + 1) / ranges))
        }
        return box.values.map { $0! }
    }
}

/// One slot per range, each written once from `concurrentPerform`'s threads.
private final class Slots<T>: @unchecked Sendable {
    // @unchecked: every write takes the lock, and the values are read only after
    // `concurrentPerform` has returned.
    private(set) var values: [T?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        values[i] = value
        lock.unlock()
    }
}
