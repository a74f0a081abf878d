import CityModel
import CityStore
import Foundation
import Synchronization

/// Keeps a store's memory following the commits of every other writer of its storage: the
/// command line on the same SQLite file, other server nodes on the same PostgreSQL database. A
/// thread of its own waits on the storage's change log (`CityStorage.waitForChanges`, a blocking
/// call that must not hold one of the few threads Swift's concurrency shares) and catches memory
/// up each time the log moves. A failure (the database unreachable) is kept for `/healthz` and
/// retried a second later; memory keeps answering meanwhile, marked stale.
public final class WriteFollower: Sendable {
    private struct State {
        var running = true
        var lastError: String?
        var failingSince: Date?
    }

    private let store: CityStore
    private let state = Mutex(State())
    private let stopped = DispatchSemaphore(value: 0)
    /// How long one wait on the log lasts before the thread checks whether it should stop.
    static let wait = Duration.milliseconds(250)

    init(store: CityStore) {
        self.store = store
        let thread = Thread { [self] in
            follow()
            stopped.signal()
        }
        thread.name = "citygrid.follow"
        thread.start()
    }

    private func follow() {
        while state.withLock({ $0.running }) {
            do {
                if try store.storage.waitForChanges(after: store.appliedSequence, timeout: Self.wait) {
                    try store.catchUp()
                }
                state.withLock { $0.lastError = nil; $0.failingSince = nil }
            } catch {
                state.withLock { s in
                    s.lastError = "\(error)"
                    if s.failingSince == nil { s.failingSince = Date() }
                }
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    /// Stops following and waits for the thread to finish its current wait.
    public func stop() {
        let wasRunning = state.withLock { s in
            defer { s.running = false }
            return s.running
        }
        if wasRunning { stopped.wait() }
    }

    /// The last failure to follow the log, while it lasts.
    public var failure: (message: String, since: Date)? {
        state.withLock { s in s.lastError.flatMap { m in s.failingSince.map { (m, $0) } } }
    }
}

/// Where the data lives and how far memory follows it, for `/healthz`.
public struct StorageHealth: Sendable {
    /// The storage's location (a file path, or a connection with its password left out).
    public var location: String
    /// The change-log sequence memory has applied.
    public var appliedSequence: Int64
    /// The log's end as the storage answers now; nil when it cannot be reached.
    public var logEnd: Int64?
    /// Why the storage could not be reached (or followed).
    public var problem: String?

    /// How many committed batches memory has still to apply (0 when the storage is unreachable:
    /// unknown, and `problem` says so).
    public var behind: Int64 { logEnd.map { max(0, $0 - appliedSequence) } ?? 0 }
}

extension CityQueries {
    /// Starts following other writers' commits; the caller stops it when it is done serving.
    public func followOtherWriters() -> WriteFollower {
        let follower = WriteFollower(store: store)
        writeFollower.withLock { $0 = follower }
        return follower
    }

    /// Why and since when memory has not followed the storage, while that lasts (nil when it
    /// follows, or when no follower runs).
    public var followingFailure: (message: String, since: Date)? {
        writeFollower.withLock { $0 }?.failure
    }

    /// The storage's health: it is asked for the log's end, so an unreachable database shows.
    public func storageHealth() -> StorageHealth {
        let follower = writeFollower.withLock { $0 }
        var health = StorageHealth(location: store.storage.location, appliedSequence: store.appliedSequence)
        do {
            health.logEnd = try store.storage.logEnd()
        } catch {
            health.problem = "\(CityQueryError.translating(error))"
        }
        if health.problem == nil, let failure = follower?.failure {
            health.problem = "following the change log fails since \(CityTime.timestamp(failure.since)): \(failure.message)"
        }
        return health
    }
}
