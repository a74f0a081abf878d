import Hummingbird

extension RateLimiter {
    /// Refuses `request` with 429 when its bearer token's or its client address's bucket is empty
    /// (`ServerError.rateLimited`, with Retry-After). Called before the route checks access and
    /// before its handler, so a refused report is never stored; a request without an Authorization
    /// header is limited by its address alone.
    func admit(_ request: Request) throws(ServerError) {
        var keys: [ClientKey] = []
        if let authorization = request.headers[.authorization] { keys.append(.token(authorization: authorization)) }
        if let address = ClientAddress.current { keys.append(.address(address)) }
        guard !keys.isEmpty, let refusal = take(keys, at: Monotonic.seconds) else { return }
        let scope = switch refusal.key { case .token: "bearer token"; case .address: "client address" }
        // Whole seconds, rounded up (RFC 9110 §10.2.3's delay-seconds): a client that waits that
        // long finds a request in the bucket.
        let seconds = refusal.waitSeconds.isFinite ? max(1, Int(refusal.waitSeconds.rounded(.up))) : 3600
        throw .rateLimited(scope: scope, retryAfterSeconds: seconds)
    }

    /// Seconds since the first request was limited, on a clock that does not jump with the wall
    /// clock.
    enum Monotonic {
        static let start = ContinuousClock.now
        static var seconds: Double {
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }
}
