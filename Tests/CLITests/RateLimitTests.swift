import Foundation
import Testing

/// The report routes' token buckets over the wire: the request after the burst is refused with 429,
/// Retry-After and a problem document, stores nothing, and a report after the wait is stored.
@Suite(.serialized) struct RateLimitTests {
    static let json = ["Content-Type": "application/json"]

    static func report(_ server: TransportServer, token: String, marker: String) async throws -> TransportServer.Exchange {
        try await server.curl("/api/v1/cases", method: "POST", headers: json.merging(["Authorization": "Bearer \(token)"]) { $1 },
                              body: #"{"type":"0103","lon":121.4738,"lat":31.2305,"description":"限流 \#(marker)","reporter":"巡查员"}"#)
    }

    /// Per token: burst 2 at 30 a minute (one every 2 s), so the third at once is refused and
    /// Retry-After is at most 2. Per address: burst 3, so a second token gets one more and then the
    /// address is refused, whichever token it shows.
    static let settings = """
        "reportsPerMinutePerToken": 30, "reportBurstPerToken": 2, "reportsPerMinutePerAddress": 30, "reportBurstPerAddress": 3
        """

    @Test func theRequestAfterTheBurstIsRefusedStoresNothingAndTheWaitIsEnough() async throws {
        let server = try await TransportServer.start("rate-token", settings: Self.settings)
        let before = try await server.caseCount()
        for k in 1...2 {
            let ok = try await Self.report(server, token: TransportServer.officer, marker: "\(k)")
            #expect(ok.status == 201, "\(ok.body)")
        }
        let refused = try await Self.report(server, token: TransportServer.officer, marker: "refused")
        #expect(refused.status == 429, "\(refused.body)")
        let retryAfter = try #require(refused.headers["retry-after"].flatMap { Int($0) }, "\(refused.headers)")
        #expect((1...2).contains(retryAfter))
        #expect(refused.headers["content-type"] == "application/problem+json")
        let problem = try JSONSerialization.jsonObject(with: Data(refused.body.utf8)) as? [String: Any] ?? [:]
        #expect(problem["type"] as? String == "urn:citygrid:problem:rate-limited" && (problem["status"] as? NSNumber)?.intValue == 429, "\(problem)")
        #expect((problem["detail"] as? String)?.contains("bearer token") == true, "\(problem)")
        #expect(try await server.caseCount() == before + 2, "the refused report was stored")

        try await Task.sleep(for: .seconds(Double(retryAfter) + 0.1))
        let again = try await Self.report(server, token: TransportServer.officer, marker: "after the wait")
        #expect(again.status == 201, "\(again.status) \(again.body)")
        #expect(try await server.caseCount() == before + 3)

        // Open311 shares the address's bucket (it has one request left now) and answers in its own
        // error shape.
        var open311: [TransportServer.Exchange] = []
        for _ in 0..<2 {
            open311.append(try await server.curl("/open311/v2/requests.json", method: "POST", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                 body: "api_key=sample-reporter-key-00001&service_code=0103&lat=31.2306&long=121.4739&description=x"))
        }
        #expect(open311.map(\.status) == [201, 429], "\(open311.map(\.body))")
        #expect(open311.last?.headers["retry-after"] != nil)
        #expect(open311.last?.body.hasPrefix("[{\"code\":429") == true, "\(open311.last?.body ?? "")")
        // Reads are not limited.
        #expect(try await server.curl("/api/v1/cases?limit=1").status == 200)
    }

    @Test func oneAddressIsLimitedWhicheverTokenItShows() async throws {
        let server = try await TransportServer.start("rate-address", settings: Self.settings)
        let before = try await server.caseCount()
        for k in 1...2 {
            #expect(try await Self.report(server, token: TransportServer.officer, marker: "a\(k)").status == 201)
        }
        // A fresh token: its own bucket is full, the address has one left.
        #expect(try await Self.report(server, token: TransportServer.dispatcher, marker: "b1").status == 201)
        let refused = try await Self.report(server, token: TransportServer.dispatcher, marker: "b2")
        #expect(refused.status == 429, "\(refused.body)")
        #expect(refused.body.contains("client address"), "\(refused.body)")
        #expect(try await server.caseCount() == before + 3)
        let retryAfter = try #require(refused.headers["retry-after"].flatMap { Int($0) })
        try await Task.sleep(for: .seconds(Double(retryAfter) + 0.1))
        let again = try await Self.report(server, token: TransportServer.dispatcher, marker: "b3")
        #expect(again.status == 201, "\(again.body)")
    }
}
