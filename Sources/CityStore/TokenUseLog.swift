import Foundation
import Synchronization

/// Tokens' last uses waiting to be written: signing in must not cost a database write per
/// request, and "last used" need not be truer than to the minute. A token's first use is due at
/// once, later ones a minute after the last written; whatever is pending goes with each write,
/// and the rest when the server stops (`CityStore.flushTokenUses`).
final class TokenUseLog: Sendable {
    private struct State {
        var pending: [String: Date] = [:]
        var written: [String: Date] = [:]
    }

    private let state = Mutex(State())
    static let interval: TimeInterval = 60

    /// Notes a use; answers every pending use when one is due (taking them), else nil.
    func note(tokenID: String, at: Date) -> [String: Date]? {
        state.withLock { s in
            if let known = s.pending[tokenID], known >= at {} else { s.pending[tokenID] = at }
            let due = s.written[tokenID].map { at.timeIntervalSince($0) >= Self.interval } ?? true
            guard due else { return nil }
            return take(&s, now: at)
        }
    }

    /// Every pending use, taken.
    func takeAll(now: Date = Date()) -> [String: Date] {
        state.withLock { s in take(&s, now: now) }
    }

    /// Uses whose write failed, to go with the next one.
    func putBack(_ uses: [String: Date]) {
        state.withLock { s in
            for (id, at) in uses where s.pending[id].map({ $0 < at }) ?? true { s.pending[id] = at }
        }
    }

    private func take(_ s: inout State, now: Date) -> [String: Date] {
        let taken = s.pending
        s.pending = [:]
        for id in taken.keys { s.written[id] = now }
        return taken
    }
}
