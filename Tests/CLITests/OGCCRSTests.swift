import Foundation
import Testing

/// OGC API – Features Part 2 as a GIS desk uses it, against `citygrid serve` on the sample: the
/// collections list the systems on offer; items come in EPSG:4326, 4490, 4549 and 32651 in the
/// authority's axis order, agreeing with cs2cs within a millimetre; a bbox given in another
/// system selects what a scan of that system's coordinates selects.
@Suite struct OGCCRSTests {
    static func uri(_ code: Int) -> String { "http://www.opengis.net/def/crs/EPSG/0/\(code)" }

    static func items(_ server: TransportServer, _ layer: String, _ query: String) async throws -> (features: [[String: Any]], crs: String?) {
        let answer = try await server.curl("/ogc/collections/\(layer)/items?limit=10000&" + query)
        #expect(answer.status == 200, "\(query): \(answer.body.prefix(300))")
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return ((object?["features"] as? [[String: Any]]) ?? [], answer.headers["content-crs"])
    }

    /// Every vertex of a GeoJSON geometry, in order.
    static func vertices(_ geometry: Any?) -> [[Double]] {
        if let pair = geometry as? [Double], pair.count >= 2 { return [pair] }
        if let g = geometry as? [String: Any] { return vertices(g["coordinates"]) }
        if let list = geometry as? [Any] { return list.flatMap(vertices) }
        return []
    }

    /// cs2cs on the points (in `from`'s axis order), answers in `to`'s.
    static func cs2cs(_ points: [[Double]], from: String, to: String, directory: URL) async throws -> [[Double]] {
        let file = directory.appendingPathComponent("points-\(UUID().uuidString).txt")
        try points.map { String(format: "%.10f %.10f", $0[0], $0[1]) }.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try await Tool.run("/usr/bin/cs2cs", ["-f", "%.10f", from, to, file.path])
        #expect(run.status == 0, "\(run.standardError)")
        return run.standardOutput.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).prefix(2).compactMap { Double($0) } }
    }

    @Test func itemsInEachSystemAgreeWithCs2cs() async throws {
        let server = try await TransportServer.start("ogc-crs")
        let collection = try JSONSerialization.jsonObject(with: Data(try await server.curl("/ogc/collections/storefronts").body.utf8)) as? [String: Any]
        let offered = (collection?["crs"] as? [String]) ?? []
        #expect(offered.first == "http://www.opengis.net/def/crs/OGC/1.3/CRS84")
        #expect([4326, 4490, 4549, 32651].allSatisfy { offered.contains(Self.uri($0)) }, "\(offered)")
        #expect(collection?["storageCrs"] as? String == Self.uri(4549))
        let conformance = try await server.curl("/ogc/conformance").body
        #expect(conformance.contains("ogcapi-features-2/1.0/conf/crs"))

        // The working system, exact: the reference every other is checked from.
        for layer in ["storefronts", "segments"] {
            let (crs84, header84) = try await Self.items(server, layer, "")
            #expect(header84 == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>")
            let (working, header) = try await Self.items(server, layer, "crs=" + Self.uri(4549))
            #expect(header == "<\(Self.uri(4549))>")
            #expect(working.map { $0["id"] as? String } == crs84.map { $0["id"] as? String })
            let source = Array(working.flatMap { Self.vertices($0["geometry"]) }.prefix(3000))
            #expect(source.count > 100)
            // CRS84 (rounded to 1e-8°) against cs2cs from the working coordinates.
            let expected84 = try await Self.cs2cs(source, from: "EPSG:4549", to: "OGC:CRS84", directory: server.directory)
            let got84 = Array(crs84.flatMap { Self.vertices($0["geometry"]) }.prefix(3000))
            for (g, e) in zip(got84, expected84) { #expect(abs(g[0] - e[0]) < 2e-8 && abs(g[1] - e[1]) < 2e-8, "CRS84 \(g) vs \(e)") }
            for (code, tolerance) in [(4326, 2e-8), (4490, 2e-8), (32651, 1e-3)] {
                let (served, header) = try await Self.items(server, layer, "crs=" + Self.uri(code))
                #expect(header == "<\(Self.uri(code))>")
                let got = Array(served.flatMap { Self.vertices($0["geometry"]) }.prefix(3000))
                let expected = try await Self.cs2cs(source, from: "EPSG:4549", to: "EPSG:\(code)", directory: server.directory)
                #expect(got.count == expected.count)
                var worst = 0.0
                for (g, e) in zip(got, expected) { worst = max(worst, abs(g[0] - e[0]), abs(g[1] - e[1])) }
                #expect(worst < tolerance, "\(layer) in EPSG:\(code): worst difference \(worst)")
            }
        }
        // The CURIE and EPSG:code spellings name the same system; others are refused by name.
        #expect(try await Self.items(server, "storefronts", "crs=%5BEPSG:4490%5D").crs == "<\(Self.uri(4490))>")
        for bad in ["crs=EPSG:3857", "crs=nonsense", "bbox-crs=" + Self.uri(4549), "bbox=1,2,3,4&bbox-crs=EPSG:9999"] {
            let answer = try await server.curl("/ogc/collections/storefronts/items?" + bad)
            #expect(answer.status == 400, "\(bad): \(answer.status) \(answer.body.prefix(200))")
        }
    }

    @Test func aBoxInAnotherSystemSelectsWhatAScanOfThatSystemSelects() async throws {
        let server = try await TransportServer.start("ogc-bbox-crs")
        for (code, northFirst) in [(4549, true), (32651, false), (4326, true)] {
            let (all, _) = try await Self.items(server, "storefronts", "crs=" + Self.uri(code))
            let points = all.compactMap { f -> (String, [Double])? in
                guard let id = f["id"] as? String, let p = Self.vertices(f["geometry"]).first else { return nil }
                return (id, p)
            }
            // A box round the middle third of the points, in the system's own axis order.
            let xs = points.map { $0.1[0] }.sorted(), ys = points.map { $0.1[1] }.sorted()
            let box = [xs[xs.count / 3], ys[ys.count / 3], xs[2 * xs.count / 3], ys[2 * ys.count / 3]]
            let expected = points.filter { $0.1[0] >= box[0] && $0.1[0] <= box[2] && $0.1[1] >= box[1] && $0.1[1] <= box[3] }.map(\.0).sorted()
            let text = box.map { String(format: "%.10f", $0) }.joined(separator: ",")
            let (selected, _) = try await Self.items(server, "storefronts", "bbox=\(text)&bbox-crs=\(Self.uri(code))&crs=\(Self.uri(code))")
            #expect(selected.compactMap { $0["id"] as? String }.sorted() == expected, "EPSG:\(code) (north first: \(northFirst))")
            #expect(expected.count > 20)
        }
    }
}
