import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// WFS 2.0 Basic (OGC 09-025r2) at /wfs, KVP over GET, for the desktop GIS that speaks WFS rather
/// than OGC API (ArcGIS, SuperMap, older QGIS): GetCapabilities, DescribeFeatureType and GetFeature
/// with typeNames, count/startIndex, srsName, bbox (with its CRS), resultType=hits and a Filter
/// Encoding 2.0 FILTER, in GML 3.2 or GeoJSON. Features are selected by the OGC API's own
/// `FeatureSelection`, so both protocols give the same features; their properties are the
/// layer's queryables (personal data is not published here).
struct WFSController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var bridge: CoordinateBridge { queries.bridge }

    var routes: [Route] {
        let xml = BodyDoc.text("application/xml")
        return [
            Route(Endpoint(.get, "/wfs", access: .read, operationID: "wfs",
                           summary: "WFS 2.0 Basic: GetCapabilities, DescribeFeatureType, GetFeature, GetPropertyValue, ListStoredQueries, DescribeStoredQueries (KVP; GML 3.2 or GeoJSON)",
                           tag: "WFS", parameters: [
                               ParameterDoc("SERVICE", in: .query, .string, "WFS", allowed: ["WFS"]),
                               ParameterDoc("REQUEST", in: .query, .string, "The operation", allowed: WFS.operations),
                               ParameterDoc("STOREDQUERY_ID", in: .query, .string, "GetFeature by stored query: \(WFS.getFeatureByID), with ID"),
                               ParameterDoc("ID", in: .query, .string, "The feature id of GetFeatureById (cases.AJ-310101-000001)"),
                               ParameterDoc("VALUEREFERENCE", in: .query, .string, "GetPropertyValue: the property (cg:status)"),
                               ParameterDoc("VERSION", in: .query, .string, "2.0.0"),
                               ParameterDoc("TYPENAMES", in: .query, .string, "A feature type, cg:cases"),
                               ParameterDoc("COUNT", in: .query, .integer, "Page size", minimum: 1, maximum: queries.configuration.maxPageSize),
                               ParameterDoc("STARTINDEX", in: .query, .integer, "Features to skip", minimum: 0),
                               ParameterDoc("SRSNAME", in: .query, .string, "Output CRS, urn:ogc:def:crs:EPSG::4490 by default"),
                               ParameterDoc("BBOX", in: .query, .string, "minx,miny,maxx,maxy[,crs] in the CRS's axis order"),
                               ParameterDoc("FILTER", in: .query, .string, "An fes:Filter (Filter Encoding 2.0)"),
                               ParameterDoc("RESULTTYPE", in: .query, .string, "results or hits", allowed: ["results", "hits"]),
                               ParameterDoc("OUTPUTFORMAT", in: .query, .string, "GML 3.2 (default) or application/json"),
                           ],
                           responses: [ResponseDoc(200, "The capabilities, the schema or the features", xml,
                                                   or: [.text(WFS.gmlFormat), .geoJSON(.ogcFeatureCollection)]),
                                       ResponseDoc(400, "An OWS exception report naming the parameter", xml),
                                       ResponseDoc(404, "GetFeatureById: no such feature (NotFound)", xml)]),
                  handler: handle),
        ]
    }

    @Sendable func handle(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        do {
            let q = WFSRequest(try QueryParameters(query: request.uri.query))
            if let service = q["SERVICE"], service.uppercased() != "WFS" {
                throw WFSException(code: "InvalidParameterValue", locator: "service", text: "service=\(service): this is a WFS")
            }
            guard let operation = q["REQUEST"] else {
                throw WFSException(code: "MissingParameterValue", locator: "request", text: "request is required: GetCapabilities, DescribeFeatureType or GetFeature")
            }
            if operation.lowercased() != "getcapabilities", let version = q["VERSION"], version != "2.0.0" {
                throw WFSException(code: "InvalidParameterValue", locator: "version", text: "version=\(version): only 2.0.0 is offered")
            }
            if operation.lowercased() == "getcapabilities", let versions = q["ACCEPTVERSIONS"], !versions.split(separator: ",").contains("2.0.0") {
                throw WFSException(code: "VersionNegotiationFailed", locator: "acceptVersions", text: "only 2.0.0 is offered")
            }
            let base = baseURL(request, configuration)
            switch operation.lowercased() {
            case "getcapabilities":
                var extents: [Layer: Envelope] = [:]
                for layer in Layer.allCases {
                    let e = queries.extent(of: layer)
                    extents[layer] = e.isEmpty ? e : try bridge.lonLatEnvelope(e)
                }
                return Self.xml(WFS.capabilities(base: base, bridge: bridge, extents: extents, countDefault: queries.configuration.maxPageSize))
            case "describefeaturetype":
                let layers = try q["TYPENAMES"].map { _ throws(WFSException) in [try q.layer()] } ?? Layer.allCases
                return Self.xml(WFS.schema(layers))
            case "getfeature":
                if let stored = q["STOREDQUERY_ID"] { return try featureByID(q, storedQuery: stored, base: base) }
                return try getFeature(q, base: base)
            case "getpropertyvalue":
                return try propertyValues(q, base: base)
            case "liststoredqueries":
                return Self.xml(WFS.storedQueryList())
            case "describestoredqueries":
                if let ids = q["STOREDQUERY_ID"], ids != WFS.getFeatureByID {
                    throw WFSException(code: "InvalidParameterValue", locator: "storedQuery_Id", text: "\(ids): the one stored query is \(WFS.getFeatureByID)")
                }
                return Self.xml(WFS.storedQueryDescription())
            default:
                throw WFSException(code: "OperationNotSupported", locator: "request",
                                   text: "\(operation) is not offered: " + WFS.operations.joined(separator: ", "))
            }
        } catch let e as WFSException {
            return Self.xml(e.xml, status: HTTPResponse.Status(code: e.status))
        } catch let e as ServerError {
            // A malformed query string, an unknown CRS: said as OWS says it, not as problem+json.
            let (name, reason) = Self.parameterAndReason(e)
            return Self.xml(WFSException(code: "InvalidParameterValue", locator: name, text: reason).xml, status: .badRequest)
        }
    }

    static func parameterAndReason(_ e: ServerError) -> (String?, String) {
        if case let .invalidParameter(name, value, reason) = e { return (name, "\(name)=\(value): \(reason)") }
        return (nil, "\(e)")
    }

    /// The features a GetFeature or GetPropertyValue selects (typeNames, bbox or FILTER), the page
    /// asked for (count, startIndex) and the output system (srsName).
    func select(_ q: WFSRequest, layer: Layer) throws
        -> (selected: [SelectedFeature], page: [SelectedFeature], crs: RequestedCRS, count: Int, start: Int) {
        let crs = try RequestedCRS(parameter: "srsName", q["SRSNAME"] ?? WFS.defaultCRS(bridge), bridge: bridge)
        let count = try q.integer("COUNT", default: q["MAXFEATURES"].flatMap(Int.init) ?? queries.configuration.maxPageSize,
                                  in: 1...queries.configuration.maxPageSize)
        let start = try q.integer("STARTINDEX", default: 0, in: 0...Int(Int32.max))
        var selection = FeatureSelection()
        if let text = q["BBOX"] {
            guard q["FILTER"] == nil else {
                throw WFSException(code: "InvalidParameterValue", locator: "bbox", text: "bbox and filter exclude each other (put a fes:BBOX in the filter)")
            }
            var parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var boxCRS = crs
            if parts.count == 5 {
                boxCRS = try RequestedCRS(parameter: "bbox", parts.removeLast(), bridge: bridge)
            }
            selection.bbox = try BoundingBox(parameter: parts.joined(separator: ","), lonLat: boxCRS.isCRS84)
            selection.bboxCRS = boxCRS
        }
        if let xml = q["FILTER"] {
            let encoding = FilterEncoding(layer: layer) { g, srsName in
                let system = try srsName.map { try RequestedCRS(parameter: "srsName", $0, bridge: bridge) } ?? crs
                return try g.mapPoints { try system.bridge.toWorking($0) }
            }
            do {
                selection.filter = try FeatureFilter(try encoding.parse(xml), layer: layer)
            } catch let e as FilterEncoding.Failure {
                throw WFSException(code: "OperationParsingFailed", locator: "filter", text: e.reason)
            } catch let e as CQL2Error {
                throw WFSException(code: "InvalidParameterValue", locator: "filter", text: e.description)
            } catch let e as ServerError {
                throw WFSException(code: "InvalidParameterValue", locator: "filter", text: Self.parameterAndReason(e).1)
            }
        }
        let selected = try selection.run(on: queries, layer: layer, transform: bridge)
        return (selected, Array(selected.dropFirst(start).prefix(count)), crs, count, start)
    }

    func getFeature(_ q: WFSRequest, base: String) throws -> Response {
        let layer = try q.layer()
        let (selected, page, crs, count, start) = try select(q, layer: layer)
        let timeStamp = ISO8601DateFormatter().string(from: Date())
        if q["RESULTTYPE"]?.lowercased() == "hits" {
            var w = XMLWriter()
            w.element("wfs:FeatureCollection", [("xmlns:wfs", WFS.wfs), ("numberMatched", String(selected.count)), ("numberReturned", "0"),
                                                ("timeStamp", timeStamp)])
            return Self.xml(w.document)
        }
        if let type = q["RESULTTYPE"], type.lowercased() != "results" {
            throw WFSException(code: "InvalidParameterValue", locator: "resultType", text: "resultType=\(type): results or hits")
        }
        let format = q["OUTPUTFORMAT"] ?? WFS.gmlFormat
        if format.lowercased().contains("json") {
            var features: [JSONValue] = []
            for s in page { features.append(try s.geoJSON(in: crs)) }
            var response = Response.json(["type": "FeatureCollection", "features": .array(features), "numberMatched": .number(Double(selected.count)),
                                          "numberReturned": .number(Double(page.count)), "timeStamp": .string(timeStamp), "links": .array([])],
                                         mediaType: MediaTypes.geoJSON)
            response.headers[.init("Content-Crs")!] = crs.header
            return response
        }
        guard format.lowercased().contains("gml") || format.lowercased().contains("xml") else {
            throw WFSException(code: "InvalidParameterValue", locator: "outputFormat", text: "outputFormat=\(format): \(WFS.gmlFormat) or \(WFS.jsonFormat)")
        }
        let describe = "\(base)/wfs?service=WFS&version=2.0.0&request=DescribeFeatureType&typeNames=cg:\(layer.rawValue)"
        var w = XMLWriter()
        var attributes = [("xmlns:wfs", WFS.wfs), ("xmlns:gml", WFS.gml), ("xmlns:cg", WFS.namespace), ("xmlns:xsi", WFS.xsi),
                          ("xsi:schemaLocation", "\(WFS.namespace) \(describe) \(WFS.wfs) http://schemas.opengis.net/wfs/2.0/wfs.xsd \(WFS.gml) http://schemas.opengis.net/gml/3.2.1/gml.xsd"),
                          ("numberMatched", String(selected.count)), ("numberReturned", String(page.count)), ("timeStamp", timeStamp)]
        if start + page.count < selected.count {
            attributes.append(("next", "\(base)/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=cg:\(layer.rawValue)&count=\(count)&startIndex=\(start + count)"
                               + (q["SRSNAME"].map { "&srsName=\(QueryParameters.encode($0))" } ?? "")))
        }
        w.element("wfs:FeatureCollection", attributes) { w in
            for s in page {
                w.element("wfs:member") { Self.writeFeature(s, layer: layer, crs: crs, into: &$0) }
            }
        }
        return Self.xml(w.document, mediaType: WFS.gmlFormat)
    }

    /// The mandatory stored query (09-025r2 clause 7.9.3.6): the one feature with this id, bare (not
    /// in a collection), or 404 NotFound.
    func featureByID(_ q: WFSRequest, storedQuery: String, base: String) throws -> Response {
        guard storedQuery == WFS.getFeatureByID else {
            throw WFSException(code: "InvalidParameterValue", locator: "storedQuery_Id", text: "\(storedQuery): the one stored query is \(WFS.getFeatureByID)")
        }
        guard let id = q["ID"] else { throw WFSException(code: "MissingParameterValue", locator: "ID", text: "ID is required") }
        // The id as GetFeature writes it (cases.AJ-…), or bare with typeNames.
        let (layer, featureID): (Layer, String)
        if let dot = id.firstIndex(of: "."), let l = Layer(rawValue: String(id[..<dot])) {
            (layer, featureID) = (l, String(id[id.index(after: dot)...]))
        } else {
            (layer, featureID) = (try q.layer(), id)
        }
        guard let feature = queries.feature(layer, id: featureID) else {
            throw WFSException(code: "NotFound", locator: "ID", text: "no feature \(id)")
        }
        let crs = try RequestedCRS(parameter: "srsName", q["SRSNAME"] ?? WFS.defaultCRS(bridge), bridge: bridge)
        var w = XMLWriter()
        Self.writeFeature(SelectedFeature(feature: feature), layer: layer, crs: crs, into: &w, declaringNamespaces: true)
        return Self.xml(w.document, mediaType: WFS.gmlFormat)
    }

    /// GetPropertyValue (clause 10): one property of the features a query selects, as a
    /// wfs:ValueCollection.
    func propertyValues(_ q: WFSRequest, base: String) throws -> Response {
        let layer = try q.layer()
        guard let reference = q["VALUEREFERENCE"] else {
            throw WFSException(code: "MissingParameterValue", locator: "valueReference", text: "valueReference is required")
        }
        let name = String(reference.split(separator: ":").last ?? "")
        guard let queryable = Queryable.of(layer).first(where: { $0.name == name && $0.kind != .geometry }) else {
            throw WFSException(code: "InvalidParameterValue", locator: "valueReference",
                               text: "\(reference) is not a property of cg:\(layer.rawValue); its properties are "
                                   + Queryable.of(layer).filter { $0.kind != .geometry }.map(\.name).joined(separator: ", "))
        }
        let (selected, page, _, _, _) = try select(q, layer: layer)
        var w = XMLWriter()
        w.element("wfs:ValueCollection", [("xmlns:wfs", WFS.wfs), ("xmlns:cg", WFS.namespace), ("numberMatched", String(selected.count)),
                                          ("numberReturned", String(page.count)), ("timeStamp", ISO8601DateFormatter().string(from: Date()))]) { w in
            for s in page {
                let properties = s.properties ?? SelectedFeature.outputProperties(of: s.feature)
                guard let v = queryable.value(in: properties), let text = Self.text(v) else { continue }
                w.element("wfs:member") { $0.element("cg:\(queryable.name)", text: text) }
            }
        }
        return Self.xml(w.document)
    }

    static func text(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): s
        case .number(let n): GMLWriter.number(n)
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// A feature as a `cg:<layer>` element with its typed properties and geometry.
    static func writeFeature(_ s: SelectedFeature, layer: Layer, crs: RequestedCRS, into w: inout XMLWriter, declaringNamespaces: Bool = false) {
        let fid = gmlID(layer, s.feature.id)
        let properties = s.properties ?? SelectedFeature.outputProperties(of: s.feature)
        var attributes = [("gml:id", fid)]
        if declaringNamespaces { attributes += [("xmlns:gml", WFS.gml), ("xmlns:cg", WFS.namespace)] }
        w.element("cg:\(layer.rawValue)", attributes) { w in
            for q in Queryable.of(layer) where q.kind != .geometry {
                guard let v = q.value(in: properties), let text = text(v) else { continue }
                w.element("cg:\(q.name)", text: text)
            }
            if let g = s.feature.geometry, let out = try? crs.bridge.lonLat(g) {
                w.element("cg:geometry") { GMLWriter.write(out, id: fid + ".geometry", srsName: WFS.urn(crs.uri), into: &$0) }
            }
        }
    }

    /// A `gml:id` is an NCName: the layer, a dot, and the id with anything else replaced.
    static func gmlID(_ layer: Layer, _ id: String) -> String {
        layer.rawValue + "." + String(id.map { $0.isLetter || $0.isNumber || "-._".contains($0) ? $0 : "_" })
    }

    static func xml(_ text: String, status: HTTPResponse.Status = .ok, mediaType: String = "application/xml") -> Response {
        Response(status: status, headers: [.contentType: mediaType + "; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
