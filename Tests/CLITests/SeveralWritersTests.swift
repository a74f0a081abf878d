import Foundation
import Testing

/// The command line writing the store a server is serving, as the README invites: the server
/// follows every commit of the other process (the change log), and decides each write on the
/// database's latest state, never on a memory that may be behind. The three reproductions of
/// issue 15, each ending in the right answer.
@Suite(.serialized) struct SeveralWritersTests {
    static let officer = ["Authorization": "Bearer sample-officer-token-0001"]
    static let dispatcher = ["Authorization": "Bearer sample-dispatcher-token-01"]
    static let config = URL(fileURLWithPath: LoadedSample.directory).appendingPathComponent("server-config.json").path

    static func serve(_ name: String) async throws -> (store: String, server: ServedStore) {
        let store = try LoadedSample.copy(name)
        let server = try await ServedStore.start(store: store, directory: URL(fileURLWithPath: store).deletingLastPathComponent(), config: config)
        return (store, server)
    }

    static func object(_ body: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    static func text(_ body: Data) -> String { String(decoding: body, as: UTF8.self) }

    /// Waits until the server's memory has applied everything in the log (its /healthz says so).
    static func caughtUp(_ server: ServedStore) async throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let storage = object(await server.get("/healthz").body)["storage"] as? [String: Any] ?? [:]
            if (storage["behind"] as? NSNumber)?.intValue == 0, storage["logEnd"] != nil { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the server did not catch up within 10 s")
    }

    @Test func aCaseReportedOnTheCommandLineDoesNotBlockTheServersCaseNumbers() async throws {
        let (store, server) = try await Self.serve("writers-report")
        let cli = try await CitygridProcess.run(["case", "report", "121.4737", "31.2304", "--type", "0103", "--reporter", "巡查员",
                                           "--description", "命令行上报", "--store", store, "--json"])
        #expect(cli.status == 0, "\(cli.standardError)")
        let cliID = try #require((Self.object(Data(cli.standardOutput.utf8))["case"] as? [String: Any])?["id"] as? String)

        // At once, before the server can have noticed: the number is decided in the transaction.
        let posted = await server.send("POST", "/api/v1/cases", contentType: "application/json",
                                       body: Data(#"{"type":"0103","lon":121.4738,"lat":31.2305,"description":"接口上报"}"#.utf8),
                                       headers: Self.officer)
        #expect(posted.status == 201, "\(Self.text(posted.body))")
        let apiID = try #require(Self.object(posted.body)["id"] as? String ?? (Self.object(posted.body)["case"] as? [String: Any])?["id"] as? String,
                                 "\(Self.text(posted.body))")
        #expect(apiID != cliID)

        let form = "application/x-www-form-urlencoded"
        let open311 = await server.send("POST", "/open311/v2/requests.json", contentType: form,
                                        body: Data("api_key=sample-reporter-key-00001&service_code=0103&lat=31.2306&long=121.4739&description=x".utf8))
        #expect([200, 201].contains(open311.status), "\(Self.text(open311.body))")

        // And the server shows the command line's case.
        try await Self.caughtUp(server)
        let read = await server.get("/api/v1/cases/\(cliID)")
        #expect(read.status == 200, "\(Self.text(read.body))")
        #expect(Self.text(read.body).contains("命令行上报"))
    }

    @Test func aTransitionMadeOnTheCommandLineIsNotAppliedAgainByTheServer() async throws {
        let (store, server) = try await Self.serve("writers-transition")
        // A reported case of the sample.
        let answer = await server.get("/api/v1/cases?status=reported&limit=1")
        let list = Self.object(answer.body)
        let id = try #require(((list["features"] as? [[String: Any]])?.first)?["id"] as? String,
                              "no reported case: \(answer.status) \(Self.text(answer.body).prefix(300))")

        let cli = try await CitygridProcess.run(["case", "transition", id, "register", "--actor", "派单员", "--store", store])
        #expect(cli.status == 0, "\(cli.standardError)")
        let again = await server.send("POST", "/api/v1/cases/\(id)/transitions", contentType: "application/json",
                                      body: Data(#"{"event":"register"}"#.utf8), headers: Self.dispatcher)
        #expect(again.status == 409, "register twice: \(again.status) \(Self.text(again.body))")
        #expect(Self.text(again.body).contains("registered"), "the refusal names the current status: \(Self.text(again.body))")

        let history = Self.object(await server.get("/api/v1/cases/\(id)/history").body)
        let events = (history["history"] as? [[String: Any]] ?? []).compactMap { $0["event"] as? String }
        #expect(events.filter { $0 == "register" }.count == 1, "history: \(events) \(history)")

        // The next step from the new status goes through.
        let dispatch = await server.send("POST", "/api/v1/cases/\(id)/transitions", contentType: "application/json",
                                         body: Data(#"{"event":"dispatch","assignee":"department:enforcement"}"#.utf8), headers: Self.dispatcher)
        #expect(dispatch.status == 200, "\(Self.text(dispatch.body))")
    }

    @Test func aLayerImportedOnTheCommandLineIsServedWithItsOwnAttributes() async throws {
        let (store, server) = try await Self.serve("writers-import")
        let shop = "SF-310101-000001"
        #expect(await server.get("/api/v1/dossiers/storefronts/\(shop)").status == 200)
        // Some cases read before (their attributes held in memory), the others not.
        #expect(await server.get("/api/v1/layers/cases?limit=50").status == 200)

        // The same cases in the opposite order, so that each row of the new layer holds another
        // case than the row with the same rowid held before.
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: LoadedSample.directory + "/cases.geojson"))) as! [String: Any]
        var reversed = original
        reversed["features"] = Array((original["features"] as! [Any]).reversed())
        let file = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("cases-reversed.geojson")
        try JSONSerialization.data(withJSONObject: reversed).write(to: file)
        let cli = try await CitygridProcess.run(["import", "cases", file.path, "--store", store])
        #expect(cli.status == 0, "\(cli.standardError)")

        // At once, and again once the server has followed the import.
        for round in ["at once", "caught up"] {
            if round == "caught up" { try await Self.caughtUp(server) }
            for (id, text) in [("AJ-310101-000002", "延安东路451号"), ("AJ-310101-000001", "沉香阁路282弄12号"),
                               ("AJ-310101-000302", "长乐路附近"), ("AJ-310101-000599", "普安路附近")] {
                let answer = await server.get("/api/v1/layers/cases/\(id)")
                #expect(answer.status == 200, "\(round) \(id): \(Self.text(answer.body))")
                #expect(Self.text(answer.body).contains(text), "\(round) \(id) answers another case: \(Self.text(answer.body).prefix(400))")
            }
            let dossier = await server.get("/api/v1/dossiers/storefronts/\(shop)")
            #expect(dossier.status == 200, "\(round): \(Self.text(dossier.body).prefix(400))")
        }
    }
}
