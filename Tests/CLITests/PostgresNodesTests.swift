import Foundation
import PQKit
import Testing
import TestSupport

/// The city deployment as its users meet it: the sample district loaded into PostgreSQL with
/// `citygrid load --store postgresql://…`, two `citygrid serve` nodes on it, a case reported on
/// one shown on the other's map, one transition landing when both nodes are asked at once, GIS
/// desks listing the layers with ogrinfo, a node started late or cut off catching up.
@Suite(.serialized, .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct PostgresNodesTests {
    static let config = URL(fileURLWithPath: LoadedSample.directory).appendingPathComponent("server-config.json").path
    static let officer = ["Authorization": "Bearer sample-officer-token-0001"]
    static let dispatcher = ["Authorization": "Bearer sample-dispatcher-token-01"]

    static func object(_ body: Data) -> [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    static func text(_ body: Data) -> String { String(decoding: body, as: UTF8.self) }

    static func loaded(_ prefix: String) async throws -> (TestPostgres.Database, URL) {
        let database = try TestPostgres.Database(prefix: prefix)
        let load = try await CitygridProcess.run(["load", LoadedSample.directory, "--store", database.uri])
        try #require(load.status == 0, "load: \(load.standardError)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-nodes-\(getpid())-\(prefix)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (database, directory)
    }

    static func start(_ database: TestPostgres.Database, _ directory: URL) async throws -> ServedStore {
        let node = try await ServedStore.start(store: database.uri, directory: directory, config: config)
        try #require(await node.get("/healthz").status == 200, "the node did not start on \(database.uri)")
        return node
    }

    static func report(on node: ServedStore, lon: Double, lat: Double, _ description: String) async throws -> String {
        let body = #"{"type":"0103","lon":\#(lon),"lat":\#(lat),"description":"\#(description)"}"#
        let posted = await node.send("POST", "/api/v1/cases", contentType: "application/json", body: Data(body.utf8), headers: officer)
        try #require(posted.status == 201, "\(posted.status) \(text(posted.body))")
        return try #require((object(posted.body)["case"] as? [String: Any])?["id"] as? String)
    }

    /// Milliseconds until `node` answers 200 for the path, polling every 5 ms (nil after 5 s).
    static func visible(_ path: String, on node: ServedStore) async -> Double? {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(5) {
            if await node.get(path).status == 200 {
                let elapsed = ContinuousClock.now - started
                return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    static func layerCounts(_ node: ServedStore) async -> [String: Int] {
        (object(await node.get("/healthz").body)["layers"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue }
    }

    @Test func twoNodesServeOneDistrictAndFollowEachOther() async throws {
        let (database, directory) = try await Self.loaded("nodes")
        let a = try await Self.start(database, directory)
        let b = try await Self.start(database, directory)

        // A case reported on A is on B's map (the layer listing the map fetches by bbox).
        let id = try await Self.report(on: a, lon: 121.4738, lat: 31.2305, "一号节点上报")
        #expect(await Self.visible("/api/v1/cases/\(id)", on: a) != nil, "A answers its own write at once")
        let followed = await Self.visible("/api/v1/cases/\(id)", on: b)
        #expect(followed != nil, "B never showed \(id)")
        let map = Self.object(await b.get("/api/v1/layers/cases?bbox=121.470,31.228,121.477,31.233&limit=2000").body)
        #expect((map["features"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == id })

        // How long B takes to show A's writes, over a run of reports.
        var delays: [Double] = []
        for i in 0..<40 {
            let id = try await Self.report(on: i % 2 == 0 ? a : b, lon: 121.4738 + Double(i) * 1e-5, lat: 31.2305, "第\(i)件")
            if let ms = await Self.visible("/api/v1/cases/\(id)", on: i % 2 == 0 ? b : a) { delays.append(ms) }
        }
        delays.sort()
        print("PostgresNodesTests: the other node showed a report after p50 \(delays[delays.count / 2]) ms, max \(delays.last!) ms (\(delays.count) reports)")
        #expect(delays.count == 40)

        // Both nodes asked to move one case at once: exactly one lands, the other is told the status.
        async let first = a.send("POST", "/api/v1/cases/\(id)/transitions", contentType: "application/json",
                                 body: Data(#"{"event":"register"}"#.utf8), headers: Self.dispatcher)
        async let second = b.send("POST", "/api/v1/cases/\(id)/transitions", contentType: "application/json",
                                  body: Data(#"{"event":"register"}"#.utf8), headers: Self.dispatcher)
        let answers = await [first, second]
        #expect(answers.map(\.status).sorted() == [200, 409], "\(answers.map { "\($0.status) \(Self.text($0.body))" })")
        if let refused = answers.first(where: { $0.status == 409 }) { #expect(Self.text(refused.body).contains("registered")) }
        let history = Self.object(await b.get("/api/v1/cases/\(id)/history").body)["history"] as? [[String: Any]] ?? []
        #expect(history.compactMap { $0["event"] as? String } == ["report", "register"])

        // GIS desks: ogrinfo lists every layer with its geometry type, EPSG:4549 and the count the nodes serve.
        try await Task.sleep(for: .milliseconds(300))
        let counts = await Self.layerCounts(b)
        let connection = database.uri.replacingOccurrences(of: "postgresql://citygrid@127.0.0.1:", with: "PG:host=127.0.0.1 user=citygrid port=")
            .replacingOccurrences(of: "/", with: " dbname=")
        let types = ["grids": "Multi Polygon", "parcels": "Multi Polygon", "roads": "Multi Line String", "segments": "Multi Line String",
                     "redlines": "Multi Polygon", "storefronts": "Point", "structures": "Multi Polygon", "cases": "Point"]
        for (layer, type) in types {
            let info = try await ChildProcess.run("/usr/bin/ogrinfo", ["-ro", "-so", connection, layer], mergingErrors: true)
            #expect(info.status == 0, "\(layer): \(info.output)")
            #expect(info.output.contains("Geometry: \(type)"), "\(layer): \(info.output.prefix(300))")
            #expect(info.output.contains("Feature Count: \(counts[layer] ?? -1)\n"), "\(layer): \(counts[layer] ?? -1) served; \(info.output.prefix(300))")
            #expect(info.output.contains(#"ID["EPSG",4549]"#), "\(layer): not in EPSG:4549")
        }
    }

    @Test func aLateNodeCatchesUpAndACutOffNodeReconnects() async throws {
        let (database, directory) = try await Self.loaded("late")
        let a = try await Self.start(database, directory)
        var ids: [String] = []
        for i in 0..<1000 {
            ids.append(try await Self.report(on: a, lon: 121.4738 + Double(i % 40) * 2e-5, lat: 31.2305 + Double(i / 40) * 2e-5, "批量\(i)"))
        }
        let b = try await Self.start(database, directory)
        #expect(await Self.layerCounts(b)["cases"] == 1600)
        #expect(await b.get("/api/v1/cases/\(ids.last!)").status == 200)

        // Every connection of both nodes ended by the server (as a restart or an administrator would).
        let admin = try PQConnection(uri: database.uri)
        let ended = try admin.execute("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """)
        #expect((try ended.int(0, 0) ?? 0) >= 2)
        // The nodes reconnect on their own: a write on B lands and A shows it; /healthz is ok again.
        let after = try await Self.report(on: b, lon: 121.4738, lat: 31.2305, "断线之后")
        #expect(await Self.visible("/api/v1/cases/\(after)", on: a) != nil, "A did not follow B after the cut")
        for node in [a, b] {
            var health: [String: Any] = [:]
            for _ in 0..<100 {
                health = Self.object(await node.get("/healthz").body)
                if health["status"] as? String == "ok", ((health["storage"] as? [String: Any])?["behind"] as? NSNumber)?.intValue == 0 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(health["status"] as? String == "ok", "\(health)")
        }
        #expect(await Self.layerCounts(a)["cases"] == 1601)
    }

    /// `citygrid import` answers the same on both storages: the same report for a good file,
    /// the same error naming the record and field for a bad one, and nothing written by it.
    @Test func anImportReportsAndRefusesAsOnSQLite() async throws {
        let (database, directory) = try await Self.loaded("import")
        let sqlite = try LoadedSample.copy("pg-import")
        let bad = directory.appendingPathComponent("bad-storefronts.geojson")
        try Data(#"""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[121.4738,31.2305]},"properties":{"SHOP_ID":"SF-X-1","NAME":"新店","ADDRESS":"南京东路1号","LIC_STATUS":"unlicensed","TRADE":"餐饮"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[121.4739,31.2306]},"properties":{"SHOP_ID":"SF-X-2","NAME":"新店二","ADDRESS":"南京东路2号","LIC_STATUS":"licensed","TRADE":"餐饮"}}
            ]}
            """#.utf8).write(to: bad)
        let good = LoadedSample.directory + "/storefronts.geojson"
        var answers: [[String]] = []
        for store in [sqlite, database.uri] {
            let refused = try await CitygridProcess.run(["import", "storefronts", bad.path, "--store", store])
            let imported = try await CitygridProcess.run(["import", "storefronts", good, "--store", store, "--json"])
            #expect(imported.status == 0, "\(store): \(imported.standardError)")
            let report = try JSONValue(parsing: imported.standardOutput)
            answers.append(["\(refused.status)", refused.standardError, report.jsonString])
        }
        #expect(answers[0] == answers[1])
        #expect(answers[1][0] == "1" && answers[1][1].contains("record 2"), "\(answers[1][1])")
        let node = try await Self.start(database, directory)
        #expect(await Self.layerCounts(node)["storefronts"] == 1148)
        #expect(await node.get("/api/v1/layers/storefronts/SF-X-1").status == 404, "the refused import left SF-X-1 behind")
    }

    /// A node whose database is gone: /healthz goes unhealthy (503, naming the problem), reads go
    /// on from memory marked stale, writes are refused.
    @Test func aNodeThatLosesItsDatabaseSaysSoAndGoesOnReading() async throws {
        let (database, directory) = try await Self.loaded("lost")
        let node = try await Self.start(database, directory)
        #expect(await node.get("/healthz").status == 200)
        // Read once while the database is there: these attributes are then held in memory.
        let locate = "/api/v1/locate?lon=121.4737&lat=31.2304"
        #expect(await node.get(locate).status == 200)
        try database.drop()
        var health = (status: 0, body: Data())
        for _ in 0..<100 {
            health = await node.get("/healthz")
            if health.status == 503 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(health.status == 503, "\(Self.text(health.body))")
        #expect(Self.object(health.body)["status"] as? String == "unhealthy")
        #expect(((Self.object(health.body)["storage"] as? [String: Any])?["problem"] as? String)?.isEmpty == false)
        // Reads answer from memory, marked stale once the follower has noticed.
        var stale = false
        for _ in 0..<60 {
            stale = await node.stale(locate)
            if stale { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(stale, "a read while the database is gone is not marked stale (or not answered)")
        let refused = await node.send("POST", "/api/v1/cases", contentType: "application/json",
                                      body: Data(#"{"type":"0103","lon":121.4738,"lat":31.2305,"description":"x"}"#.utf8),
                                      headers: Self.officer)
        #expect(refused.status == 503, "\(refused.status) \(Self.text(refused.body))")
        // What memory does not hold (a dossier's records) cannot be answered: 503 too, not a 500.
        let dossier = await node.get("/api/v1/dossiers/storefronts/SF-310101-000777")
        #expect(dossier.status == 503, "\(dossier.status) \(Self.text(dossier.body))")
    }
}
