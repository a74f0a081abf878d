import Foundation
import Testing

/// WFS 2.0 as a desktop GIS reads it, against `citygrid serve` on the sample: GDAL's WFS driver
/// (not CityGrid's code) lists every layer with the OGC API's count, pushes a `-where` to the
/// server as a Filter Encoding filter and a `-spat` as a BBOX, and gets the features the OGC API's
/// CQL2 filter and bbox select; GML coordinates in EPSG:4490 equal the OGC API's; bad requests are
/// OWS exception reports naming the parameter.
@Suite struct WFSTests {
    static func ogrinfo(_ arguments: [String], debug: Bool = false) async throws -> CitygridProcess.Result {
        try await Tool.run("/usr/bin/env", (debug ? ["CPL_DEBUG=ON"] : []) + ["ogrinfo", "-ro"] + arguments)
    }

    static func count(_ server: TransportServer, _ layer: String, _ query: String = "") async throws -> Int {
        let answer = try await server.curl("/ogc/collections/\(layer)/items?limit=1" + query)
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return try #require((object?["numberMatched"] as? NSNumber)?.intValue, "\(answer.body.prefix(300))")
    }

    /// "Feature Count: N" of each layer in ogrinfo -so -al's output.
    static func featureCounts(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:], layer: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Layer name: ") { layer = String(line.dropFirst("Layer name: ".count)) }
            if line.hasPrefix("Feature Count: "), let layer { out[layer] = Int(line.dropFirst("Feature Count: ".count)) }
        }
        return out
    }

    @Test func gdalReadsEveryLayerAndPushesItsFiltersToTheServer() async throws {
        let server = try await TransportServer.start("wfs")
        let url = "WFS:\(server.base)/wfs"
        let listing = try await Self.ogrinfo(["-so", "-al", url])
        #expect(listing.status == 0, "\(listing.standardError)")
        let counts = Self.featureCounts(listing.standardOutput)
        for layer in ["grids", "parcels", "roads", "segments", "redlines", "storefronts", "structures", "cases", "officers"] {
            #expect(counts["cg:\(layer)"] == (try await Self.count(server, layer)), "cg:\(layer): \(counts["cg:\(layer)"] ?? -1)")
        }
        #expect(listing.standardOutput.contains("China Geodetic Coordinate System 2000"), "the default CRS is CGCS2000")

        // -where becomes a FES filter on the server (GDAL's debug output shows the FILTER it sent).
        let pushed = try await Self.ogrinfo([url, "cg:cases", "-where", "status = 'reported' AND typeCode LIKE '01%'"], debug: true)
        #expect(pushed.standardError.contains("FILTER=") && pushed.standardError.contains("PropertyIsLike"), "the filter was not sent to the server")
        let wfsIDs = pushed.standardOutput.split(separator: "\n").filter { $0.contains("gml_id (String) = ") }.count
        let cql = "filter=" + "status = 'reported' AND typeCode LIKE '01%'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(wfsIDs == (try await Self.count(server, "cases", "&" + cql)) && wfsIDs > 0, "\(wfsIDs)")

        // -spat (lon/lat) becomes a BBOX: the same storefronts as the OGC API's bbox.
        let box = ["121.470", "31.225", "121.480", "31.235"]
        let spat = try await Self.ogrinfo(["-so", url, "cg:storefronts", "-spat"] + box, debug: true)
        #expect(spat.standardError.contains("BBOX"), "the box was not sent as a filter")
        let inBox = try await Self.count(server, "storefronts", "&bbox=" + box.joined(separator: ","))
        #expect(Self.featureCounts(spat.standardOutput)["cg:storefronts"] == inBox && inBox > 0)
    }

    @Test func gmlInCGCS2000MatchesTheOGCAPIAndErrorsAreOWSReports() async throws {
        let server = try await TransportServer.start("wfs-gml")
        let gml = try await server.curl("/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=cg:cases&count=5&srsName=urn:ogc:def:crs:EPSG::4490")
        #expect(gml.status == 200 && gml.headers["content-type"]?.contains("gml+xml") == true)
        let ogc = try await server.curl("/ogc/collections/cases/items?limit=5&crs=http://www.opengis.net/def/crs/EPSG/0/4490")
        let features = (try JSONSerialization.jsonObject(with: Data(ogc.body.utf8)) as? [String: Any])?["features"] as? [[String: Any]] ?? []
        #expect(features.count == 5)
        for f in features {
            let c = try #require((f["geometry"] as? [String: Any])?["coordinates"] as? [Double])
            let id = try #require(f["id"] as? String)
            #expect(gml.body.contains("gml:id=\"cases.\(id)\""), "\(id) not in the GML")
            let pos = try #require(gml.body.components(separatedBy: "gml:id=\"cases.\(id).geometry\"").dropFirst().first?
                .components(separatedBy: "<gml:pos>").dropFirst().first?.components(separatedBy: "</gml:pos>").first)
            let numbers = pos.split(separator: " ").compactMap { Double($0) }
            #expect(numbers.count == 2 && abs(numbers[0] - c[0]) < 1e-9 && abs(numbers[1] - c[1]) < 1e-9, "\(id): \(pos) vs \(c)")
        }
        #expect(gml.body.contains("numberMatched=\"600\"") && gml.body.contains("numberReturned=\"5\"") && gml.body.contains("next="))
        let hits = try await server.curl("/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=cg:cases&resultType=hits")
        #expect(hits.body.contains("numberMatched=\"600\"") && hits.body.contains("numberReturned=\"0\""))
        let schema = try await server.curl("/wfs?service=WFS&version=2.0.0&request=DescribeFeatureType&typeNames=cg:cases")
        #expect(schema.body.contains("<xsd:element name=\"status\"") && schema.body.contains("gml:PointPropertyType"))
        #expect(!schema.body.contains("holder") && !schema.body.contains("phone"), "personal data is not published over WFS")

        // The stored query every WFS 2.0 has, and GetPropertyValue.
        #expect(try await server.curl("/wfs?service=WFS&version=2.0.0&request=ListStoredQueries").body.contains("urn:ogc:def:query:OGC-WFS::GetFeatureById"))
        let firstID = try #require(features.first?["id"] as? String)
        let byID = try await server.curl("/wfs?service=WFS&version=2.0.0&request=GetFeature&STOREDQUERY_ID=urn:ogc:def:query:OGC-WFS::GetFeatureById&ID=cases.\(firstID)")
        #expect(byID.status == 200 && byID.body.contains("<cg:cases gml:id=\"cases.\(firstID)\"") && !byID.body.contains("wfs:FeatureCollection"))
        let missing = try await server.curl("/wfs?service=WFS&version=2.0.0&request=GetFeature&STOREDQUERY_ID=urn:ogc:def:query:OGC-WFS::GetFeatureById&ID=cases.nothing")
        #expect(missing.status == 404 && missing.body.contains("NotFound"))
        let values = try await server.curl("/wfs?service=WFS&version=2.0.0&request=GetPropertyValue&typeNames=cg:cases&valueReference=cg:status&count=5")
        let statuses = values.body.components(separatedBy: "<cg:status>").dropFirst().compactMap { $0.components(separatedBy: "</cg:status>").first }
        let ogcStatuses = features.compactMap { ($0["properties"] as? [String: Any])?["status"] as? String }
        #expect(statuses == ogcStatuses, "\(statuses) vs \(ogcStatuses)")

        for (query, status, code, locator) in [
            ("request=Transaction", 400, "OperationNotSupported", "request"),
            ("request=GetPropertyValue&typeNames=cg:cases&valueReference=holder", 400, "InvalidParameterValue", "valueReference"),
            ("request=GetFeature&typeNames=cg:nothing", 400, "InvalidParameterValue", "typeNames"),
            ("request=GetFeature", 400, "MissingParameterValue", "typeNames"),
            ("request=GetFeature&version=1.1.0&typeNames=cg:cases", 400, "InvalidParameterValue", "version"),
            ("request=GetFeature&typeNames=cg:cases&FILTER=%3CFilter%3E%3CPropertyIsEqualTo%3E", 400, "OperationParsingFailed", "filter"),
            ("request=GetFeature&typeNames=cg:cases&FILTER=" + "<Filter xmlns=\"http://www.opengis.net/fes/2.0\"><PropertyIsEqualTo><ValueReference>holder</ValueReference><Literal>x</Literal></PropertyIsEqualTo></Filter>"
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, 400, "OperationParsingFailed", "filter"),
            ("request=GetFeature&typeNames=cg:cases&srsName=EPSG:3857", 400, "InvalidParameterValue", "srsName"),
            ("request=GetFeature&typeNames=cg:cases&count=0", 400, "InvalidParameterValue", "COUNT"),
        ] {
            let answer = try await server.curl("/wfs?service=WFS&" + query)
            #expect(answer.status == status && answer.body.contains("exceptionCode=\"\(code)\"") && answer.body.contains("locator=\"\(locator)\""),
                    "\(query): \(answer.status) \(answer.body.prefix(400))")
        }
    }
}
