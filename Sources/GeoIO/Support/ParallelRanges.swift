import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work over `0..<count` on all cores (`DispatchQueue.concurrentPerform`), in contiguous
/// ranges, and hands the results back in range order, so that whoever merges them sees the records
/// in the order a serial loop would have. Public for the import pipeline, which builds records
/// the same way it reads them.
public enum ParallelRanges {
    /// - Parameter minimumRange: below this many items per range the hand-off costs more than
    ///   the work it spreads; a count this small runs on the calling thread alone.
    public static func map<T: Sendable>(count: Int, minimumRange: Int = 512, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        guard count > 0 else { return [] }
        // A few ranges per core, so a core that finishes early takes another instead of idling.
        let cores = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let ranges = Swift.max(1, Swift.min(cores * 4, count / Swift.max(1, minimumRange)))
        if ranges == 1 { return [body(0..<count)] }
        let slots = Slots<T>(count: ranges)
        DispatchQueue.concurrentPerform(iterations: ranges) { r in
            slots.set(r, body(count * r / ranges ..< count * (r + 1) / ranges))
        }
        return slots.taken()
    }
}

/// One slot per range, each written once from `concurrentPerform`'s threads.
private final class Slots<T: Sendable>: Sendable {
    private let values: Mutex<[T?]>

    init(count: Int) { values = Mutex(Array(repeating: nil, count: count)) }

    func set(_ i: Int, _ value: T) {
        values.withLock { $0[i] = value }
    }

    func taken() -> [T] {
        values.withLock { $0.map { $0! } }
    }
}
