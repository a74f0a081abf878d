import Foundation
import Testing

/// The alerts no page reload shows, against `citygrid serve` on a copy of the loaded sample: a
/// dispatcher's fence around a station streams the officer walking in and out of it, and a
/// deadline set two seconds ahead comes back as `case.overdue` from the server's own clock.
@Suite struct LiveAlertsTests {
    static let dispatcher = OfficersAPITests.dispatcher
    static let officer = OfficersAPITests.officer

    @Test func aFenceStreamsTheOfficerInAndOutAndTheClockAnnouncesADeadline() async throws {
        let server = try await TransportServer.start("alerts")
        let before = try OfficersAPITests.json(try await server.curl("/api/v1/officers/\(Self.officer)").body)
        let station = try #require((before["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        let filter = "lon=\(station[0])&lat=\(station[1])&radius=100&events=officer.enter,officer.leave"
        let made = try await OfficersAPITests.post(server, "/api/v1/subscriptions", #"{"url": "http://127.0.0.1:9/nobody", "filter": "\#(filter)"}"#,
                                                   token: Self.dispatcher)
        #expect(made.status == 201, "\(made.body)")
        let subscription = try #require(try OfficersAPITests.json(made.body)["id"] as? String)
        #expect(try OfficersAPITests.json(made.body)["fence"] as? Bool == true)

        // Who may stream a fence, and how it is asked.
        #expect(try await server.curl("/api/v1/events?subscription=\(subscription)").status == 401)
        #expect(try await server.curl("/api/v1/events?subscription=\(subscription)",
                                      headers: ["Authorization": "Bearer \(OfficersAPITests.viewer)"]).status == 403)
        #expect(try await server.curl("/api/v1/events?subscription=s-nothing", headers: ["Authorization": "Bearer \(Self.dispatcher)"]).status == 404)
        #expect(try await server.curl("/api/v1/events?subscription=\(subscription)&grid=x", headers: ["Authorization": "Bearer \(Self.dispatcher)"]).status == 400)
        #expect(try await server.curl("/api/v1/events?events=officer.enter").status == 400)

        let fence = try EventStreamTests.Stream(server, query: "?subscription=\(subscription)&access_token=\(Self.dispatcher)")
        let overdue = try EventStreamTests.Stream(server, query: "?events=case.overdue")
        #expect(try await fence.waitFor(within: 10) { fence.text.contains("retry:") && overdue.text.contains("retry:") })

        // In at the station, out 300 m east, in again.
        let duty = try await OfficersAPITests.post(server, "/api/v1/officers/\(Self.officer)/duty", #"{"onDuty": true}"#, token: Self.dispatcher)
        #expect(duty.status == 200, "\(duty.body)")
        let now = Date()
        func fix(_ seconds: Double, _ dLon: Double) -> String {
            #"{"at": "\#(ISO8601DateFormatter().string(from: now.addingTimeInterval(seconds)))", "lon": \#(station[0] + dLon), "lat": \#(station[1])}"#
        }
        let sent = try await OfficersAPITests.post(server, "/api/v1/officers/\(Self.officer)/positions",
                                                   #"{"fixes": [\#(fix(-30, 0.0001)), \#(fix(-20, 0.003)), \#(fix(-10, 0.0002))]}"#, token: Self.dispatcher)
        #expect(sent.status == 200, "\(sent.body)")
        #expect(try await fence.waitFor(within: 3) { fence.messages.count >= 3 }, "\(fence.text)")
        #expect(fence.messages.map(\.event) == ["officer.enter", "officer.leave", "officer.enter"])
        #expect(fence.messages.allSatisfy { $0.data["fence"] as? String == subscription && $0.data["officer"] as? String == Self.officer })

        // A case dispatched with a deadline two seconds away.
        let id = try await EventStreamTests.report(server, lon: station[0] + 0.0005, lat: station[1])
        for step in [#"{"event": "register"}"#,
                     #"{"event": "dispatch", "assignee": "department:enforcement", "due": "\#(ISO8601DateFormatter().string(from: Date().addingTimeInterval(2)))"}"#] {
            let moved = try await OfficersAPITests.post(server, "/api/v1/cases/\(id)/transitions", step, token: Self.dispatcher)
            #expect(moved.status == 200, "\(moved.body)")
        }
        #expect(try await overdue.waitFor(within: 8) { overdue.messages.contains { $0.data["case"] as? String == id } }, "\(overdue.text.suffix(500))")
        #expect(overdue.messages.filter { $0.data["case"] as? String == id }.map(\.event) == ["case.overdue"])
        // The sample's cases that were already late when the watch began are not announced.
        #expect(overdue.messages.count == 1, "\(overdue.messages.map(\.data))")
        fence.stop()
        overdue.stop()
    }
}
