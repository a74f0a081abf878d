import Synchronization

/// A feature's attributes and the values derived from them, shared by the copies of one version of
/// the feature. The attributes are either held or read once from storage through `load`.
///
/// Storage changes a row only after the writer has materialised the old version's body (see
/// `CityStore.materialiseBodies`), so a reader still holding the old version reads the old
/// attributes, never the new row.
final class FeatureBody: Sendable {
    typealias Loader = @Sendable () throws -> [UInt8]

    private struct State {
        var properties: [UInt8]?
        var load: Loader?
        /// A feature keeps one or two memos: a linear search by key beats hashing the key, and a
        /// class box is found by a class cast instead of an existential's dynamic cast (the two
        /// were most of what serving a memoised feature cost).
        var memos: [(key: String, box: AnyObject & Sendable)] = []
    }

    private let state: Mutex<State>

    /// How many attribute reads have failed since start (`StoredFeature.failedAttributeReads`).
    static let failedLoads = Atomic<Int>(0)

    init(properties: [UInt8]) {
        state = Mutex(State(properties: properties, load: nil))
    }

    init(load: @escaping Loader) {
        state = Mutex(State(properties: nil, load: load))
    }

    private init(state: State) {
        self.state = Mutex(state)
    }

    var isLoaded: Bool { state.withLock { $0.properties != nil } }

    var properties: [UInt8] {
        do {
            return try read()
        } catch {
            Self.failedLoads.add(1, ordering: .relaxed)
            return Array("{}".utf8)
        }
    }

    private func read() throws -> [UInt8] {
        if let held = state.withLock({ $0.properties }) { return held }
        let load = state.withLock { $0.load }
        // Read outside the lock: a slow disk must not hold up other readers of this feature.
        let bytes = try load?() ?? Array("{}".utf8)
        return state.withLock { s in
            if let held = s.properties { return held }
            s.properties = bytes
            s.load = nil
            return bytes
        }
    }

    /// Reads the attributes now if they are not held yet; a failed read stops the write that
    /// needed them.
    func materialise() throws { _ = try read() }

    /// Holds attributes read in bulk (unless already held).
    func fill(_ bytes: [UInt8]) {
        state.withLock { s in
            guard s.properties == nil else { return }
            s.properties = bytes
            s.load = nil
        }
    }

    func memo<T: Sendable>(_ key: String, _ make: () throws -> T) rethrows -> T {
        let held = state.withLock { s in s.memos.first { $0.key == key }?.box }
        if let box = held as? MemoBox<T> { return box.value }
        let value = try make()
        state.withLock { s in
            s.memos.removeAll { $0.key == key }
            s.memos.append((key, MemoBox(value)))
        }
        return value
    }

    func hasMemo(_ key: String) -> Bool {
        state.withLock { s in s.memos.contains { $0.key == key } }
    }

    /// Removes and returns a memo (a value wanted once, such as the row a commit writes).
    func takeMemo<T: Sendable>(_ key: String, as type: T.Type) -> T? {
        let box = state.withLock { s -> (AnyObject & Sendable)? in
            guard let i = s.memos.firstIndex(where: { $0.key == key }) else { return nil }
            return s.memos.remove(at: i).box
        }
        return (box as? MemoBox<T>)?.value
    }

    /// The same attributes (held or still to be read), without memos.
    func detachedCopy() -> FeatureBody {
        state.withLock { s in FeatureBody(state: State(properties: s.properties, load: s.load)) }
    }
}

/// One memoised value, boxed so that reading it back is a class cast.
private final class MemoBox<T: Sendable>: Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
