import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// /api/v1/events as a grid center's page and a script see it, against `citygrid serve` on a copy of
/// the loaded sample: a stream open before a report gets it; a stream resumed with Last-Event-ID
/// gets exactly what it missed; a transition made on the command line, on the same file, is
/// followed into the stream; and the JSON pages agree with a filter applied by hand.
@Suite struct EventStreamTests {
    static let reporter = "sample-reporter-key-00001"

    /// `curl -N` reading the stream into a file until stopped.
    final class Stream: @unchecked Sendable {
        let process = Process()
        let output: URL

        init(_ server: TransportServer, query: String = "", lastEventID: Int? = nil) throws {
            output = server.directory.appendingPathComponent("sse-\(UUID().uuidString).txt")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            var arguments = ["-sS", "-N", "--max-time", "60", "-H", "Accept: text/event-stream"]
            if let lastEventID { arguments += ["-H", "Last-Event-ID: \(lastEventID)"] }
            process.arguments = arguments + ["\(server.base)/api/v1/events\(query)"]
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        /// The messages received so far: (id, event, data).
        var messages: [(id: Int, event: String, data: [String: Any])] {
            text.components(separatedBy: "\n\n").compactMap { block in
                var id: Int?, event: String?, data: String?
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                    if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
                }
                guard let id, let event, let data,
                      let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
                return (id, event, object)
            }
        }

        func waitFor(within seconds: Double, _ condition: () -> Bool) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition() { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return condition()
        }

        /// SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        deinit { stop() }
    }

    static func report(_ server: TransportServer, lon: Double, lat: Double) async throws -> String {
        let answer = try await server.curl("/api/v1/cases", method: "POST",
                                           headers: ["Authorization": "Bearer \(reporter)", "Content-Type": "application/json"],
                                           body: #"{"type":"0103","lon":\#(lon),"lat":\#(lat),"description":"实时推送"}"#)
        #expect(answer.status == 201, "\(answer.body)")
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return try #require((object?["case"] as? [String: Any])?["id"] as? String)
    }

    @Test func aStreamGetsEachCommittedStepOnceAndResumesWithoutAGap() async throws {
        let server = try await TransportServer.start("events")
        let stream = try Stream(server)
        #expect(try await stream.waitFor(within: 10) { stream.text.contains("retry:") }, "the stream did not open")

        let sent = Date()
        let first = try await Self.report(server, lon: 121.4806, lat: 31.2263)
        #expect(try await stream.waitFor(within: 2) { stream.messages.contains { $0.data["case"] as? String == first } },
                "the report was not streamed within 2 s")
        print("EventStreamTests: streamed \(Date().timeIntervalSince(sent) * 1000) ms after the report was sent")
        let reported = try #require(stream.messages.first { $0.data["case"] as? String == first })
        #expect(reported.event == "case.report" && reported.data["to"] as? String == "reported")

        // A transition on the command line, on the same file: the server follows it into the stream.
        let cli = try await CitygridProcess.run(["case", "transition", first, "register", "--store", server.store])
        #expect(cli.status == 0, "\(cli.standardError)")
        #expect(try await stream.waitFor(within: 5) { stream.messages.contains { $0.data["case"] as? String == first && $0.event == "case.register" } })

        // Two more while a second client is away; it resumes from the last id it saw.
        let second = try await Self.report(server, lon: 121.4810, lat: 31.2265)
        let third = try await Self.report(server, lon: 121.4812, lat: 31.2266)
        #expect(try await stream.waitFor(within: 5) { stream.messages.contains { $0.data["case"] as? String == third } })
        let resumed = try Stream(server, lastEventID: reported.id)
        #expect(try await resumed.waitFor(within: 5) { resumed.messages.contains { $0.data["case"] as? String == third } })
        let afterFirst = stream.messages.filter { $0.id > reported.id }.map(\.id)
        #expect(resumed.messages.map(\.id) == afterFirst, "the resumed stream has exactly what was committed after the id it gave")
        #expect(Set(stream.messages.map(\.id)).count == stream.messages.count, "no step twice")
        #expect(stream.messages.map(\.id) == stream.messages.map(\.id).sorted(), "in commit order")
        _ = second
        resumed.stop()
        stream.stop()
    }

    @Test func pagesAgreeWithTheFilterAppliedByHand() async throws {
        let server = try await TransportServer.start("events-pages")
        func page(_ query: String) async throws -> [[String: Any]] {
            let answer = try await server.curl("/api/v1/events?" + query)
            #expect(answer.status == 200, "\(answer.body)")
            let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
            return (object?["events"] as? [[String: Any]]) ?? []
        }
        let all = try await page("after=0&limit=1000")
        #expect(all.count == 1000)
        for (query, admits) in [
            ("events=case.dispatch", { (e: [String: Any]) in e["type"] as? String == "case.dispatch" }),
            ("subDistrict=豫园街道", { (e: [String: Any]) in e["subDistrict"] as? String == "豫园街道" }),
            ("type=0103,0104", { (e: [String: Any]) in ["0103", "0104"].contains(e["caseType"] as? String ?? "") }),
        ] as [(String, ([String: Any]) -> Bool)] {
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let filtered = try await page("after=0&limit=1000&" + encoded)
            let expected = all.filter(admits).compactMap { $0["id"] as? Int }
            #expect(filtered.compactMap { $0["id"] as? Int } == expected, "\(query)")
            #expect(!expected.isEmpty, "\(query) admits nothing in the sample: the check proves nothing")
        }
        // A drawn polygon: one round the whole district takes every case event, one elsewhere none.
        let everywhere = try await page("after=0&limit=1000&" + "polygon=POLYGON((121.3 31.1,121.6 31.1,121.6 31.4,121.3 31.4,121.3 31.1))"
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!.replacingOccurrences(of: "%3D", with: "="))
        #expect(everywhere.count == all.filter { $0["point"] != nil }.count && !everywhere.isEmpty)
        let nowhere = try await page("after=0&limit=1000&polygon=" + "POLYGON((121.0 31.0,121.01 31.0,121.01 31.01,121.0 31.0))"
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(nowhere.isEmpty)
        for bad in ["events=case.nothing", "bbox=1,2,3", "subDistrict=豫园街道&grid=310101-018-001-0001", "after=-1", "radius=5",
                    "polygon=POLYGON((121.47 31.22,121.48 31.23,121.48 31.22,121.47 31.23,121.47 31.22))", "polygon=POINT(121.47 31.22)",
                    "polygon=POLYGON((121.47 31.22,121.48 31.22,121.48 31.23))"] {
            let encoded = bad.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let answer = try await server.curl("/api/v1/events?" + encoded)
            #expect(answer.status == 400, "\(bad): \(answer.status) \(answer.body.prefix(200))")
        }
    }

    @Test func withReadsBehindATokenTheStreamTakesItInTheQuery() async throws {
        let server = try await TransportServer.start("events-token", settings: #""readsRequireToken": true"#)
        let refused = try await server.curl("/api/v1/events", headers: ["Accept": "text/event-stream"])
        #expect(refused.status == 401, "\(refused.body)")
        let wrong = try await server.curl("/api/v1/events?access_token=nothing-of-the-sort", headers: ["Accept": "text/event-stream"])
        #expect(wrong.status == 401, "\(wrong.body)")
        // The query token counts on the stream only: elsewhere a token goes in the header.
        #expect(try await server.curl("/api/v1/layers/grids?limit=1&access_token=sample-viewer-token-0001").status == 401)
        let stream = try Stream(server, query: "?access_token=sample-viewer-token-0001")
        #expect(try await stream.waitFor(within: 10) { stream.text.contains("retry:") }, "the stream did not open: \(stream.text)")
        let id = try await Self.report(server, lon: 121.4806, lat: 31.2263)
        #expect(try await stream.waitFor(within: 5) { stream.messages.contains { $0.data["case"] as? String == id } })
        stream.stop()
    }
}
