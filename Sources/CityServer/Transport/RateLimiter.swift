import NIOConcurrencyHelpers

/// Token buckets for the rate-limited routes, one per bearer token and one per client address
/// (`RateLimits`). A bucket holds at most `burst` requests and refills at the sustained rate; a
/// request takes one from each of its buckets, or from none when either is empty, and is then told
/// how long until both have one again. Memory is bounded: a bucket that has refilled is the same
/// as no bucket and is dropped on the next sweep, and past `maxTrackedClients` the longest idle
/// ones go first.
final class RateLimiter: Sendable {
    /// A client as the limiter knows it: a hash, never the token itself (`ClientKey.token`).
    enum ClientKey: Hashable, Sendable {
        case token(Int)
        case address(Int)

        /// The Authorization header's value hashed with this process's random seed (SipHash, what
        /// `Hasher` is): the raw secret is not kept, and the hash means nothing outside the process.
        static func token(authorization: String) -> ClientKey {
            var hasher = Hasher()
            hasher.combine("token")
            hasher.combine(authorization)
            return .token(hasher.finalize())
        }

        static func address(_ ip: String) -> ClientKey {
            var hasher = Hasher()
            hasher.combine("address")
            hasher.combine(ip)
            return .address(hasher.finalize())
        }
    }

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    struct Rate {
        var perSecond: Double
        var burst: Double
    }

    let limits: RateLimits
    private let state = NIOLockedValueBox(State())

    private struct State {
        var buckets: [ClientKey: Bucket] = [:]
        var takesSinceSweep = 0
    }

    /// Sweeps of refilled buckets happen every this many requests (and whenever the table is
    /// full), so their cost is spread thin.
    static let sweepInterval = 1024

    init(_ limits: RateLimits) {
        self.limits = limits
    }

    func rate(of key: ClientKey) -> Rate {
        switch key {
        case .token: Rate(perSecond: limits.perTokenPerMinute / 60, burst: Double(max(limits.perTokenBurst, 1)))
        case .address: Rate(perSecond: limits.perAddressPerMinute / 60, burst: Double(max(limits.perAddressBurst, 1)))
        }
    }

    /// Takes one request from each key's bucket at `now` (seconds on a monotonic clock) and returns
    /// nil, or takes none and returns the seconds until every one of them has a request again,
    /// with the key that ran out first.
    func take(_ keys: [ClientKey], at now: Double) -> (waitSeconds: Double, key: ClientKey)? {
        state.withLockedValue { state in
            state.takesSinceSweep += 1
            if state.takesSinceSweep >= Self.sweepInterval || state.buckets.count >= limits.maxTrackedClients {
                sweep(&state, at: now)
            }
            var refilled: [(ClientKey, Bucket)] = []
            var refusal: (waitSeconds: Double, key: ClientKey)?
            for key in keys {
                let rate = rate(of: key)
                var bucket = state.buckets[key] ?? Bucket(tokens: rate.burst, updated: now)
                bucket.tokens = min(rate.burst, bucket.tokens + max(0, now - bucket.updated) * rate.perSecond)
                bucket.updated = now
                if bucket.tokens < 1 {
                    let wait = rate.perSecond > 0 ? (1 - bucket.tokens) / rate.perSecond : .infinity
                    if wait > (refusal?.waitSeconds ?? 0) { refusal = (wait, key) }
                }
                refilled.append((key, bucket))
            }
            for (key, var bucket) in refilled {
                if refusal == nil { bucket.tokens -= 1 }
                state.buckets[key] = bucket
            }
            return refusal
        }
    }

    /// How many buckets are held (for the tests of the bound).
    var trackedCount: Int { state.withLockedValue { $0.buckets.count } }

    private func sweep(_ state: inout State, at now: Double) {
        state.takesSinceSweep = 0
        state.buckets = state.buckets.filter { key, bucket in
            let rate = rate(of: key)
            return bucket.tokens + max(0, now - bucket.updated) * rate.perSecond < rate.burst
        }
        // Still full: every bucket is in use (a flood from many addresses). The longest idle go, down
        // to nine tenths, so that the next sweep is not at the next request.
        let keep = limits.maxTrackedClients - max(1, limits.maxTrackedClients / 10)
        if state.buckets.count > keep {
            let idlest = state.buckets.sorted { $0.value.updated < $1.value.updated }.prefix(state.buckets.count - keep)
            for (key, _) in idlest { state.buckets[key] = nil }
        }
    }
}
