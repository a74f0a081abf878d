/// Reusable working memory for k-nearest queries: the node priority queue and the bounded result
/// heap. Hold one per thread (it is deliberately not `Sendable`) and pass it to every query, so a
/// query allocates nothing once the buffers have grown to the largest query seen.
public final class NearestScratch {
    /// Min-heap of (squared lower-bound distance, node slot) still to expand.
    @usableFromInline var queueKey: UnsafeMutablePointer<Double>
    @usableFromInline var queueSlot: UnsafeMutablePointer<Int>
    @usableFromInline var queueCapacity: Int
    /// Max-heap of the best k so far, ordered by (key, id): the root is the current k-th best.
    @usableFromInline var bestKey: UnsafeMutablePointer<Double>
    @usableFromInline var bestID: UnsafeMutablePointer<Int>
    @usableFromInline var bestDistance: UnsafeMutablePointer<Double>
    @usableFromInline var bestCapacity: Int

    public init() {
        queueCapacity = 256
        queueKey = .allocate(capacity: queueCapacity)
        queueSlot = .allocate(capacity: queueCapacity)
        bestCapacity = 16
        bestKey = .allocate(capacity: bestCapacity)
        bestID = .allocate(capacity: bestCapacity)
        bestDistance = .allocate(capacity: bestCapacity)
    }

    deinit {
        queueKey.deallocate(); queueSlot.deallocate()
        bestKey.deallocate(); bestID.deallocate(); bestDistance.deallocate()
    }

    /// Makes room for `k` results.
    @usableFromInline func reserveBest(_ k: Int) {
        guard k > bestCapacity else { return }
        bestKey.deallocate(); bestID.deallocate(); bestDistance.deallocate()
        bestCapacity = k
        bestKey = .allocate(capacity: k)
        bestID = .allocate(capacity: k)
        bestDistance = .allocate(capacity: k)
    }

    /// Doubles the queue, keeping its first `count` entries.
    @usableFromInline func growQueue(keeping count: Int) {
        let capacity = queueCapacity * 2
        let keys = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
        let slots = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        keys.update(from: queueKey, count: count)
        slots.update(from: queueSlot, count: count)
        queueKey.deallocate(); queueSlot.deallocate()
        queueKey = keys; queueSlot = slots; queueCapacity = capacity
    }
}
