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
        var memos: [String: any Sendable] = [:]
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
        if let value = state.withLock({ $0.memos[key] }) as? T { return value }
        let value = try make()
        state.withLock { $0.memos[key] = value }
        return value
    }

    /// Removes and returns a memo (a value wanted once, such as the row a commit writes).
    func takeMemo(_ key: String) -> (any Sendable)? {
        state.withLock { $0.memos.removeValue(forKey: key) }
    }

    /// The same attributes (held or still to be read), without memos.
    func detachedCopy() -> FeatureBody {
        state.withLock { s in FeatureBody(state: State(properties: s.properties, load: s.load)) }
    }
}
