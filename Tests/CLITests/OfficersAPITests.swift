import Foundation
import Testing

/// The officers' routes as the duty app and the grid center use them, over the wire against
/// `citygrid serve` on a copy of the loaded sample: a dispatcher sends an officer's fixes (one
/// refused by index, the rest kept), the officer shows where the fixes put him, his track comes
/// back, the suggestion for a case names him with a street path, a dispatch puts the case in his
/// task list; nobody else may send his fixes.
@Suite struct OfficersAPITests {
    static let officer = "ZF31010101801"   // 豫园街道中队, on foot, on duty
    static let dispatcher = "sample-dispatcher-token-01"   // district:310101
    static let viewer = "sample-viewer-token-0001"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text.prefix(300))")
    }

    static func post(_ server: TransportServer, _ path: String, _ body: String, token: String?) async throws -> TransportServer.Exchange {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await server.curl(path, method: "POST", headers: headers, body: body)
    }

    @Test func aDispatcherSendsFixesAndTheSuggestionNamesTheOfficer() async throws {
        let server = try await TransportServer.start("officers")
        let before = try Self.json(try await server.curl("/api/v1/officers/\(Self.officer)").body)
        let station = try #require((before["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        #expect((before["properties"] as? [String: Any])?["stale"] as? Bool == true, "no fix yet")
        #expect(((before["properties"] as? [String: Any])?["phone"] as? String)?.contains("*") == true, "the phone masked for an anonymous reader")

        let now = Date()
        func at(_ seconds: Double) -> String { ISO8601DateFormatter().string(from: now.addingTimeInterval(seconds)) }
        let fixes = """
            {"fixes": [
              {"at": "\(at(-20))", "lon": \(station[0] + 0.0001), "lat": \(station[1]), "accuracy": 6},
              {"at": "\(at(-10))", "lon": \(station[0] + 0.0002), "lat": \(station[1]), "accuracy": 6, "speed": 1.2},
              {"at": "\(at(-30))", "lon": \(station[0] + 0.0003), "lat": \(station[1])}
            ]}
            """
        let sent = try await Self.post(server, "/api/v1/officers/\(Self.officer)/positions", fixes, token: Self.dispatcher)
        #expect(sent.status == 200, "\(sent.body)")
        let report = try Self.json(sent.body)
        #expect(report["accepted"] as? Int == 2)
        let refused = try #require(report["refused"] as? [[String: Any]])
        #expect(refused.count == 1 && refused[0]["index"] as? Int == 2 && refused[0]["field"] as? String == "fixes[2].at")

        // Nobody else sends his fixes, and a batch with nothing to keep is a 422 naming the fix.
        #expect(try await Self.post(server, "/api/v1/officers/\(Self.officer)/positions", fixes, token: Self.viewer).status == 403)
        #expect(try await Self.post(server, "/api/v1/officers/\(Self.officer)/positions", fixes, token: nil).status == 401)
        let stale = try await Self.post(server, "/api/v1/officers/\(Self.officer)/positions",
                                        #"{"at": "2020-01-01T00:00:00+08:00", "lon": \#(station[0]), "lat": \#(station[1])}"#, token: Self.dispatcher)
        #expect(stale.status == 422 && stale.body.contains("fixes[0].at"), "\(stale.body)")
        let malformed = try await Self.post(server, "/api/v1/officers/\(Self.officer)/positions", #"{"fixes": [{"at": "yesterday", "lon": 121, "lat": 31}]}"#,
                                            token: Self.dispatcher)
        #expect(malformed.status == 400 && malformed.body.contains("fixes[0].at"), "\(malformed.body)")

        let after = try Self.json(try await server.curl("/api/v1/officers/\(Self.officer)").body)
        let here = try #require((after["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        #expect(abs(here[0] - (station[0] + 0.0002)) < 1e-7 && abs(here[1] - station[1]) < 1e-7)
        #expect((after["properties"] as? [String: Any])?["stale"] as? Bool == false)

        let near = try Self.json(try await server.curl("/api/v1/officers/nearest?lon=\(here[0])&lat=\(here[1])&k=3").body)
        let nearIDs = (near["features"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(nearIDs == [Self.officer], "the only officer with a fresh fix: \(String(describing: nearIDs))")

        let track = try Self.json(try await server.curl("/api/v1/officers/\(Self.officer)/track").body)
        #expect(((track["geometry"] as? [String: Any])?["coordinates"] as? [[Double]])?.count == 2)

        // A registered case that the officer reaches: the suggestion names him, with a street path.
        let cases = try Self.json(try await server.curl("/api/v1/cases?status=registered&limit=200").body)
        var chosen: String?
        for id in (cases["features"] as? [[String: Any]] ?? []).compactMap({ $0["id"] as? String }) {
            let answer = try await server.curl("/api/v1/cases/\(id)/suggestions?k=3")
            let list = (try Self.json(answer.body)["features"] as? [[String: Any]]) ?? []
            if let first = list.first, first["id"] as? String == Self.officer {
                let props = try #require(first["properties"] as? [String: Any])
                #expect((props["etaMinutes"] as? Double ?? -1) >= 0 && (first["geometry"] as? [String: Any])?["type"] as? String == "LineString")
                #expect((props["dispatch"] as? [String: Any])?["assignee"] as? String == "officer:\(Self.officer)")
                chosen = id
                break
            }
        }
        let caseID = try #require(chosen, "no registered case the officer reaches")
        let dispatched = try await Self.post(server, "/api/v1/cases/\(caseID)/transitions",
                                             #"{"event": "dispatch", "assignee": "officer:\#(Self.officer)"}"#, token: Self.dispatcher)
        #expect(dispatched.status == 200, "\(dispatched.body)")
        let tasks = try Self.json(try await server.curl("/api/v1/officers/\(Self.officer)/tasks").body)
        #expect((tasks["tasks"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [caseID])
        let nobody = try await Self.post(server, "/api/v1/cases/\(caseID)/transitions",
                                         #"{"event": "dispatch", "assignee": "officer:ZF-nobody"}"#, token: Self.dispatcher)
        #expect(nobody.status == 400 || nobody.status == 409, "\(nobody.body)")
    }
}
