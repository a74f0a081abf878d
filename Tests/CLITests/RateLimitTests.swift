import Foundation
import Testing

/// The report routes' token buckets over the wire: the request after the burst is refused with 429,
/// Retry-After and a problem document, stores nothing, and a report after the wait is stored.
/// Robust to a loaded machine: reports are sent until the first refusal, and how many got through
/// is held to what the bucket's definition allows for the time they took. The buckets refill once
/// every 10 s: on a loaded CI runner one report took 3.8 s, and a bucket refilling every 2 s was
/// never found empty.
@Suite(.serialized) struct RateLimitTests {
    static let json = ["Content-Type": "application/json"]

    static func report(_ server: TransportServer, token: String, marker: String) async throws -> TransportServer.Exchange {
        try await server.curl("/api/v1/cases", method: "POST", headers: json.merging(["Authorization": "Bearer \(token)"]) { $1 },
                              body: #"{"type":"0103","lon":121.4738,"lat":31.2305,"description":"限流 \#(marker)","reporter":"巡查员"}"#)
    }

    /// Sends `send` until it is refused (at most `attempts` times): the admitted count, the refusal,
    /// and the seconds the sending took.
    static func untilRefused(attempts: Int, _ send: (Int) async throws -> TransportServer.Exchange) async throws
        -> (admitted: Int, refusal: TransportServer.Exchange?, seconds: Double) {
        let start = Date()
        var admitted = 0
        for k in 0..<attempts {
            let answer = try await send(k)
            if answer.status == 429 { return (admitted, answer, Date().timeIntervalSince(start)) }
            #expect([200, 201].contains(answer.status), "\(answer.status) \(answer.body)")
            admitted += 1
        }
        return (admitted, nil, Date().timeIntervalSince(start))
    }

    @Test func theRequestAfterTheBurstIsRefusedStoresNothingAndTheWaitIsEnough() async throws {
        // Per token: burst 2, 6 a minute (one every 10 s, so Retry-After is at most 10).
        let server = try await TransportServer.start("rate-token", settings: """
            "reportsPerMinutePerToken": 6, "reportBurstPerToken": 2, "reportsPerMinutePerAddress": 6000, "reportBurstPerAddress": 1000
            """)
        let before = try await server.caseCount()
        let run = try await Self.untilRefused(attempts: 8) { try await Self.report(server, token: TransportServer.officer, marker: "\($0)") }
        let refused = try #require(run.refusal, "no 429 in 8 reports over \(run.seconds) s")
        #expect(run.admitted >= 2 && Double(run.admitted) <= 2 + run.seconds / 10 + 1e-9, "\(run.admitted) admitted in \(run.seconds) s")
        let retryAfter = try #require(refused.headers["retry-after"].flatMap { Int($0) }, "\(refused.headers)")
        #expect((1...10).contains(retryAfter), "Retry-After \(retryAfter)")
        #expect(refused.headers["content-type"] == "application/problem+json")
        let problem = try JSONSerialization.jsonObject(with: Data(refused.body.utf8)) as? [String: Any] ?? [:]
        #expect(problem["type"] as? String == "urn:citygrid:problem:rate-limited" && (problem["status"] as? NSNumber)?.intValue == 429, "\(problem)")
        #expect((problem["detail"] as? String)?.contains("bearer token") == true, "\(problem)")
        #expect(try await server.caseCount() == before + run.admitted, "the refused report was stored")

        try await Task.sleep(for: .seconds(Double(retryAfter) + 0.1))
        let again = try await Self.report(server, token: TransportServer.officer, marker: "after the wait")
        #expect(again.status == 201, "\(again.status) \(again.body)")
        #expect(try await server.caseCount() == before + run.admitted + 1)
        // Reads are not limited.
        #expect(try await server.curl("/api/v1/cases?limit=1").status == 200)
    }

    @Test func oneAddressIsLimitedWhicheverTokenItShowsOpen311Included() async throws {
        // Per address: burst 3, 6 a minute; the tokens' own buckets are far from empty.
        let server = try await TransportServer.start("rate-address", settings: """
            "reportsPerMinutePerToken": 6000, "reportBurstPerToken": 1000, "reportsPerMinutePerAddress": 6, "reportBurstPerAddress": 3
            """)
        let before = try await server.caseCount()
        let tokens = [TransportServer.officer, TransportServer.dispatcher]
        let run = try await Self.untilRefused(attempts: 10) { try await Self.report(server, token: tokens[$0 % 2], marker: "a\($0)") }
        let refused = try #require(run.refusal, "no 429 in 10 reports over \(run.seconds) s")
        #expect(run.admitted >= 3 && Double(run.admitted) <= 3 + run.seconds / 10 + 1e-9, "\(run.admitted) admitted in \(run.seconds) s")
        #expect(refused.body.contains("client address"), "\(refused.body)")
        #expect(try await server.caseCount() == before + run.admitted)

        // Open311 (no bearer token: its key is in the form) draws from the same address bucket and
        // answers in GeoReport's error shape.
        let open311 = try await Self.untilRefused(attempts: 6) { _ in
            try await server.curl("/open311/v2/requests.json", method: "POST", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                  body: "api_key=sample-reporter-key-00001&service_code=0103&lat=31.2306&long=121.4739&description=x")
        }
        let geoReport = try #require(open311.refusal, "Open311 was not limited: \(open311.admitted) admitted")
        #expect(geoReport.body.hasPrefix("[{\"code\":429"), "\(geoReport.body)")
        let retryAfter = try #require(geoReport.headers["retry-after"].flatMap { Int($0) })
        try await Task.sleep(for: .seconds(Double(retryAfter) + 0.1))
        let again = try await Self.report(server, token: TransportServer.dispatcher, marker: "after the wait")
        #expect(again.status == 201, "\(again.body)")
    }
}
