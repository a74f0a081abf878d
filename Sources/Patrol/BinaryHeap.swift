/// A min-heap of (key, node) pairs on two flat arrays. Decrease-key is done lazily: a node may
/// be pushed again with a smaller key and stale entries are skipped by the caller.
struct BinaryHeap {
    private(set) var keys: [Double] = []
    private(set) var values: [Int32] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); values.removeAll(keepingCapacity: true) }

    mutating func push(_ key: Double, _ value: Int32) {
        keys.append(key); values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            guard keys[p] > key else { break }
            keys[i] = keys[p]; values[i] = values[p]
            i = p
        }
        keys[i] = key; values[i] = value
    }

    mutating func pop() -> (key: Double, value: Int32) {
        let top = (keys[0], values[0])
        let lastKey = keys.removeLast(), lastValue = values.removeLast()
        let n = keys.count
        if n > 0 {
            var i = 0
            while true {
                var c = 2 * i + 1
                if c >= n { break }
                if c + 1 < n && keys[c + 1] < keys[c] { c += 1 }
                guard keys[c] < lastKey else { break }
                keys[i] = keys[c]; values[i] = values[c]
                i = c
            }
            keys[i] = lastKey; values[i] = lastValue
        }
        return top
    }
}
