import Foundation
import Testing

/// The API's JSON is designed, not Swift's synthesised shapes leaking out: every GET of the
/// served sample is walked and no key is `_0` (an unlabelled enum payload) or starts with `_`;
/// every time carries Shanghai's offset; the cases list pages agree with one unpaged answer.
@Suite(.serialized) struct PublicJSONTests {
    static func walk(_ value: Any, _ path: String, _ found: inout [String]) {
        if let object = value as? [String: Any] {
            for (k, v) in object {
                if k.hasPrefix("_") { found.append("\(path).\(k)") }
                walk(v, "\(path).\(k)", &found)
            }
        } else if let array = value as? [Any] {
            for (i, v) in array.enumerated() { walk(v, "\(path)[\(i)]", &found) }
        } else if let text = value as? String, text.count >= 20, text.dropFirst(10).first == "T",
                  CharacterSet.decimalDigits.contains(text.unicodeScalars.first!), text.hasSuffix("Z") {
            found.append("\(path) = \(text) (a time not in Shanghai's offset)")
        }
    }

    @Test func noResponseOfTheSampleLeaksAnEnumShape() async throws {
        let store = try #require(LoadedSample.store)
        let server = try await ServedStore.start(store: store, directory: URL(fileURLWithPath: store).deletingLastPathComponent())
        let cases = try await server.json("/api/v1/cases?limit=300&asOf=2026-11-27") as? [String: Any] ?? [:]
        let features = cases["features"] as? [[String: Any]] ?? []
        #expect(features.count == 300)
        let someCase = try #require(features.first { ($0["properties"] as? [String: Any])?["deadline"] != nil })["id"] as! String
        let structure = "WJ-310101-000040", shop = "SF-310101-000001"
        var paths = [
            "/api/v1/cases?limit=300", "/api/v1/cases/\(someCase)", "/api/v1/cases/\(someCase)/history",
            "/api/v1/cases/overdue?asOf=2026-11-27", "/api/v1/locate?lon=121.4737&lat=31.2304",
            "/api/v1/nearest?lon=121.4737&lat=31.2304&k=20", "/api/v1/grids/310101-013-002-0020",
            "/api/v1/figures?from=2026-11-01&to=2026-12-01", "/api/v1/catalogue", "/api/v1/layers",
            "/api/v1/dossiers/structures/\(structure)", "/api/v1/dossiers/storefronts/\(shop)",
            "/open311/v2/requests.json", "/open311/v2/services.json", "/healthz",
        ]
        for layer in ["grids", "parcels", "roads", "segments", "redlines", "storefronts", "structures", "cases"] {
            paths.append("/api/v1/layers/\(layer)?limit=50")
            paths.append("/ogc/collections/\(layer)/items?limit=50")
        }
        var found: [String] = []
        for path in paths {
            let (status, body) = await server.get(path)
            #expect(status == 200, "\(path): \(status) \(String(decoding: body.prefix(300), as: UTF8.self))")
            guard status == 200, let value = try? JSONSerialization.jsonObject(with: body) else { continue }
            Self.walk(value, path, &found)
        }
        #expect(found.isEmpty, "\(found.count) leaks, e.g. \(found.prefix(8))")
    }

    @Test func theCaseListPagesThroughTheSameCasesItFiltersByItsFilters() async throws {
        let store = try #require(LoadedSample.store)
        let server = try await ServedStore.start(store: store, directory: URL(fileURLWithPath: store).deletingLastPathComponent())
        let everything = try await server.json("/api/v1/cases?limit=10000&asOf=2026-11-27") as? [String: Any] ?? [:]
        let all = (everything["features"] as? [[String: Any]] ?? [])
        #expect(all.count == 600)
        var paged: [String] = []
        var next: String? = "/api/v1/cases?limit=70&asOf=2026-11-27"
        while let path = next {
            let page = try await server.json(path) as? [String: Any] ?? [:]
            paged += (page["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            next = ((page["links"] as? [[String: Any]])?.first { $0["rel"] as? String == "next" })?["href"] as? String
        }
        #expect(paged == all.compactMap { $0["id"] as? String })
        // Each filter against the same cases filtered here, from their own properties.
        func props(_ f: [String: Any]) -> [String: Any] { f["properties"] as? [String: Any] ?? [:] }
        let checks: [(query: String, keep: ([String: Any]) -> Bool)] = [
            ("status=dispatched,handled", { ["dispatched", "handled"].contains(props($0)["status"] as? String ?? "") }),
            ("type=0103", { props($0)["typeCode"] as? String == "0103" }),
            ("overdue=true", { props($0)["overdue"] as? Bool == true }),
            ("department=housing", { props($0)["assignment"] as? String == "department:housing" }),
            ("grid=310101-013-002-0020", { (props($0)["attribution"] as? [String: Any])?["gridCode"] as? String == "310101-013-002-0020" }),
            ("reportedFrom=2026-11-20&reportedTo=2026-11-22", {
                let t = props($0)["reportedAt"] as? String ?? ""
                return t >= "2026-11-20T00:00:00+08:00" && t < "2026-11-22T00:00:00+08:00"
            }),
        ]
        for check in checks {
            let answer = try await server.json("/api/v1/cases?limit=10000&asOf=2026-11-27&\(check.query)") as? [String: Any] ?? [:]
            let ids = (answer["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let expected = all.filter(check.keep).compactMap { $0["id"] as? String }
            #expect(!expected.isEmpty, "\(check.query) selects nothing in the sample")
            #expect(ids == expected, "\(check.query): \(ids.count) against \(expected.count)")
        }
        #expect(await server.get("/api/v1/cases?stauts=dispatched").status == 400)
        #expect(await server.get("/api/v1/cases?status=lost").status == 400)
        #expect(await server.get("/api/v1/cases/no-such-case").status == 404)
    }
}
