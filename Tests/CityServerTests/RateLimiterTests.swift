import CityQuery
import Foundation
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import CityServer

/// The token buckets against a simulation of their definition, and their memory bound; the
/// configuration members that set them; the 429 in the OpenAPI document and in a router test.
struct RateLimiterTests {
    /// A bucket by its definition, step by step: `burst` at most, refilled continuously at `rate`
    /// per second, a request admitted when a whole one is there.
    struct OracleBucket {
        var tokens: Double
        var last: Double
        let rate: Double, burst: Double

        mutating func take(at t: Double) -> Bool {
            tokens = min(burst, tokens + (t - last) * rate)
            last = t
            guard tokens >= 1 else { return false }
            tokens -= 1
            return true
        }
    }

    @Test func oneBucketAgreesWithItsDefinition() {
        let seed = ProcessInfo.processInfo.environment["SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        print("RateLimiterTests seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        let limits = RateLimits(perTokenPerMinute: 30, perTokenBurst: 4)
        let limiter = RateLimiter(limits)
        var oracle = OracleBucket(tokens: 4, last: 0, rate: 0.5, burst: 4)
        var t = 0.0
        var admitted = 0
        for step in 0..<2000 {
            t += Double(rng.next() % 1000) / 1000 * 1.5
            let key = RateLimiter.ClientKey.token(authorization: "Bearer abc")
            let refusal = limiter.take([key], at: t)
            #expect((refusal == nil) == oracle.take(at: t), "seed \(seed), step \(step) at \(t)")
            if let refusal {
                // The wait is exactly what the oracle needs to have one request again.
                #expect(abs(refusal.waitSeconds - (1 - oracle.tokens) / 0.5) < 1e-9, "seed \(seed), step \(step)")
            } else { admitted += 1 }
        }
        // Over the run, no more than the burst plus the sustained rate.
        #expect(Double(admitted) <= 4 + t * 0.5 + 1e-9)
    }

    @Test func aRefusalTakesFromNoBucket() {
        let limiter = RateLimiter(RateLimits(perTokenPerMinute: 60, perTokenBurst: 1, perAddressPerMinute: 60, perAddressBurst: 2))
        let a = RateLimiter.ClientKey.token(authorization: "Bearer a"), b = RateLimiter.ClientKey.token(authorization: "Bearer b")
        let address = RateLimiter.ClientKey.address("10.0.0.1")
        #expect(limiter.take([a, address], at: 0) == nil)
        // a's bucket is empty: refused, and the address keeps its second request for b.
        #expect(limiter.take([a, address], at: 0.1)?.key == a)
        #expect(limiter.take([b, address], at: 0.2) == nil)
        let refused = limiter.take([b, address], at: 0.3)
        #expect(refused?.key == address || refused?.key == b)
        // The same token from two addresses is one bucket; the hash is of the whole header.
        #expect(RateLimiter.ClientKey.token(authorization: "Bearer a") == a && a != b)
    }

    @Test func memoryIsBoundedAndRefilledBucketsAreForgotten() {
        let limiter = RateLimiter(RateLimits(perAddressPerMinute: 60, perAddressBurst: 2, maxTrackedClients: 1000))
        for k in 0..<50_000 {
            _ = limiter.take([.address("10.\(k >> 16).\((k >> 8) & 255).\(k & 255)")], at: Double(k) / 100_000)
            #expect(limiter.trackedCount <= 1000)
        }
        // A minute later every bucket has refilled: the next sweep forgets them all.
        for k in 0..<RateLimiter.sweepInterval { _ = limiter.take([.address("192.168.0.\(k % 3)")], at: 100 + Double(k) / 1e6) }
        #expect(limiter.trackedCount <= 3)
    }

    @Test func theConfigurationFileSetsTheTransport() throws {
        let text = #"{"tlsCertificate":"c.pem","tlsKey":"k.pem","idleTimeoutSeconds":2.5,"maxConnectionsPerAddress":7,"reportsPerMinutePerToken":12,"reportBurstPerToken":3,"reportsPerMinutePerAddress":90,"reportBurstPerAddress":30}"#
        let transport = try ServeSettings(json: Array(text.utf8)).server.transport
        #expect(transport.tls == TLSFiles(certificatePath: "c.pem", keyPath: "k.pem"))
        #expect(transport.idleTimeoutSeconds == 2.5 && transport.maxConnectionsPerAddress == 7)
        #expect(transport.reportLimits == RateLimits(perTokenPerMinute: 12, perTokenBurst: 3, perAddressPerMinute: 90, perAddressBurst: 30))
        #expect(try ServeSettings(json: Array(#"{}"#.utf8)).server.transport == TransportConfiguration())
        for (bad, field) in [(#"{"tlsKey":"k.pem"}"#, "tlsCertificate"), (#"{"tlsCertificate":"c.pem"}"#, "tlsKey"),
                             (#"{"idleTimeoutSeconds":0}"#, "idleTimeoutSeconds"), (#"{"reportBurstPerToken":1.5}"#, "reportBurstPerToken"),
                             (#"{"tlsCertficate":"c.pem"}"#, "tlsCertficate")] {
            #expect {
                try ServeSettings(json: Array(bad.utf8))
            } throws: { error in
                guard case let .configuration(_, f, _) = error as? ServerError else { return false }
                return f == field
            }
        }
    }

    @Test func theLimitedRoutesDocumentTheir429() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let doc = try response.json()
                var limited: [String] = []
                for (path, item) in doc["paths"]?.objectValue ?? [:] {
                    for (method, operation) in item.objectValue ?? [:] where operation["responses"]?["429"] != nil {
                        limited.append("\(method.uppercased()) \(path)")
                        #expect(operation["responses"]?["429"]?["headers"]?["Retry-After"] != nil)
                    }
                }
                #expect(limited.sorted() == ["POST /api/v1/cases", "POST /open311/v2/requests.json"])
            }
        }
    }

    @Test func theReportAfterTheBurstIsRefusedBeforeItsHandler() async throws {
        // Burst 1, one more a hundred seconds later: the second report at once is refused, with the
        // wait in whole seconds. No socket in a router test, so no address limit. (That a refused
        // report stores nothing, and the recovery, are checked over the wire in CLITests.)
        var configuration = Fixture.configuration()
        configuration.transport.reportLimits = RateLimits(perTokenPerMinute: 0.6, perTokenBurst: 1)
        let app = Fixture.app(store: try Fixture.makeStore(), configuration: configuration)
        try await app.test(.router) { client in
            var statuses: [Int] = []
            for k in 0..<2 {
                let body = #"{"type":"0103","lon":121.00\#(k + 1),"lat":31.001}"#
                try await client.execute(uri: "/api/v1/cases", method: .post,
                                         headers: [.contentType: "application/json", .authorization: "Bearer \(Fixture.officer.token)"],
                                         body: ByteBuffer(string: body)) { response in
                    statuses.append(response.status.code)
                    if response.status == .tooManyRequests {
                        // At most the hundred seconds a request takes to come back (less if the first was slow).
                        #expect((1...100).contains(Int(response.headers[.retryAfter] ?? "") ?? 0), "\(response.headers)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                }
            }
            #expect(statuses.first != 429 && statuses.last == 429, "\(statuses)")
        }
    }
}
