import CityModel
import CityQuery
import GeoCore

/// The fixed parts of the WFS 2.0 Basic service: namespaces, the systems offered, and the
/// capabilities and schema documents.
enum WFS {
    static let wfs = "http://www.opengis.net/wfs/2.0"
    static let ows = "http://www.opengis.net/ows/1.1"
    static let fes = "http://www.opengis.net/fes/2.0"
    static let gml = "http://www.opengis.net/gml/3.2"
    static let xlink = "http://www.w3.org/1999/xlink"
    static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
    static let xsd = "http://www.w3.org/2001/XMLSchema"
    /// CityGrid's feature types: `cg:cases`, `cg:storefronts`, ….
    static let namespace = "urn:citygrid"
    static let gmlFormat = "application/gml+xml; version=3.2"
    /// The operations of WFS 2.0 Basic offered here.
    static let operations = ["GetCapabilities", "DescribeFeatureType", "GetFeature", "GetPropertyValue", "ListStoredQueries", "DescribeStoredQueries"]
    /// The stored query every WFS 2.0 offers (09-025r2 clause 7.9.3.6).
    static let getFeatureByID = "urn:ogc:def:query:OGC-WFS::GetFeatureById"

    static func storedQueryList() -> String {
        var w = XMLWriter()
        w.element("wfs:ListStoredQueriesResponse", [("xmlns:wfs", wfs), ("xmlns:cg", namespace)]) { w in
            w.element("wfs:StoredQuery", [("id", getFeatureByID)]) { w in
                w.element("wfs:Title", text: "Get feature by identifier")
                for layer in Layer.allCases { w.element("wfs:ReturnFeatureType", text: "cg:\(layer.rawValue)") }
            }
        }
        return w.document
    }

    static func storedQueryDescription() -> String {
        var w = XMLWriter()
        w.element("wfs:DescribeStoredQueriesResponse", [("xmlns:wfs", wfs), ("xmlns:xsd", xsd), ("xmlns:cg", namespace)]) { w in
            w.element("wfs:StoredQueryDescription", [("id", getFeatureByID)]) { w in
                w.element("wfs:Title", text: "Get feature by identifier")
                w.element("wfs:Parameter", [("name", "ID"), ("type", "xsd:string")])
                w.element("wfs:QueryExpressionText", [("returnFeatureTypes", Layer.allCases.map { "cg:\($0.rawValue)" }.joined(separator: " ")),
                                                      ("language", "urn:ogc:def:queryLanguage:OGC-WFS::WFSQueryExpression"), ("isPrivate", "true")])
            }
        }
        return w.document
    }
    static let jsonFormat = "application/json"

    /// `urn:ogc:def:crs:EPSG::4490`: WFS 2.0's spelling, in the authority's axis order.
    static func urn(_ uri: String) -> String {
        if uri == OGC.crs84 { return "urn:ogc:def:crs:OGC:1.3:CRS84" }
        guard let code = uri.split(separator: "/").last else { return uri }
        return "urn:ogc:def:crs:EPSG::\(code)"
    }

    /// The default system: CGCS2000 (EPSG:4490) when offered, else CRS84.
    static func defaultCRS(_ bridge: CoordinateBridge) -> String {
        let cgcs2000 = "http://www.opengis.net/def/crs/EPSG/0/4490"
        return bridge.served.contains { $0.uri == cgcs2000 } ? cgcs2000 : OGC.crs84
    }

    static let comparisonOperators = ["PropertyIsEqualTo", "PropertyIsNotEqualTo", "PropertyIsLessThan", "PropertyIsGreaterThan",
                                      "PropertyIsLessThanOrEqualTo", "PropertyIsGreaterThanOrEqualTo", "PropertyIsLike", "PropertyIsNull",
                                      "PropertyIsBetween"]
    static let spatialOperators = ["BBOX", "Intersects", "Within", "Contains", "Disjoint", "DWithin"]

    static func capabilities(base: String, bridge: CoordinateBridge, extents: [Layer: Envelope], countDefault: Int) -> String {
        var w = XMLWriter()
        let href = base + "/wfs?"
        w.element("wfs:WFS_Capabilities", [("version", "2.0.0"), ("xmlns:wfs", wfs), ("xmlns:ows", ows), ("xmlns:fes", fes), ("xmlns:gml", gml),
                                           ("xmlns:xlink", xlink), ("xmlns:xsi", xsi), ("xmlns:cg", namespace),
                                           ("xsi:schemaLocation", "\(wfs) http://schemas.opengis.net/wfs/2.0/wfs.xsd")]) { w in
            w.element("ows:ServiceIdentification") { w in
                w.element("ows:Title", text: "CityGrid 城市网格")
                w.element("ows:Abstract", text: "Grid cells, road-chief segments, storefront and structure dossiers and violation cases of the city-management service")
                w.element("ows:ServiceType", [("codeSpace", "OGC")], text: "WFS")
                w.element("ows:ServiceTypeVersion", text: "2.0.0")
                w.element("ows:Fees", text: "NONE")
                w.element("ows:AccessConstraints", text: "NONE")
            }
            w.element("ows:ServiceProvider") { $0.element("ows:ProviderName", text: "CityGrid") }
            w.element("ows:OperationsMetadata") { w in
                for op in operations {
                    w.element("ows:Operation", [("name", op)]) { w in
                        w.element("ows:DCP") { $0.element("ows:HTTP") { $0.element("ows:Get", [("xlink:href", href)]) } }
                        if op == "GetFeature" {
                            w.element("ows:Parameter", [("name", "outputFormat")]) { w in
                                w.element("ows:AllowedValues") { w in
                                    w.element("ows:Value", text: gmlFormat)
                                    w.element("ows:Value", text: jsonFormat)
                                }
                            }
                        }
                    }
                }
                let constraints: [(String, String)] = [
                    ("ImplementsBasicWFS", "TRUE"), ("ImplementsTransactionalWFS", "FALSE"), ("ImplementsLockingWFS", "FALSE"),
                    ("KVPEncoding", "TRUE"), ("XMLEncoding", "FALSE"), ("SOAPEncoding", "FALSE"), ("ImplementsInheritance", "FALSE"),
                    ("ImplementsRemoteResolve", "FALSE"), ("ImplementsResultPaging", "TRUE"), ("ImplementsStandardJoins", "FALSE"),
                    ("ImplementsSpatialJoins", "FALSE"), ("ImplementsTemporalJoins", "FALSE"), ("ImplementsFeatureVersioning", "FALSE"),
                    ("ManageStoredQueries", "FALSE"), ("CountDefault", String(countDefault)),
                ]
                for (name, value) in constraints {
                    w.element("ows:Constraint", [("name", name)]) { w in
                        w.element("ows:NoValues")
                        w.element("ows:DefaultValue", text: value)
                    }
                }
            }
            w.element("wfs:FeatureTypeList") { w in
                let defaultCRS = defaultCRS(bridge)
                for layer in Layer.allCases {
                    w.element("wfs:FeatureType") { w in
                        w.element("wfs:Name", text: "cg:\(layer.rawValue)")
                        w.element("wfs:Title", text: layer.labelZH)
                        w.element("wfs:Abstract", text: layer.labelEN)
                        w.element("wfs:DefaultCRS", text: urn(defaultCRS))
                        for uri in RequestedCRS.uris(bridge) where uri != defaultCRS { w.element("wfs:OtherCRS", text: urn(uri)) }
                        w.element("wfs:OutputFormats") { w in
                            w.element("wfs:Format", text: gmlFormat)
                            w.element("wfs:Format", text: jsonFormat)
                        }
                        if let e = extents[layer], !e.isEmpty {
                            w.element("ows:WGS84BoundingBox") { w in
                                w.element("ows:LowerCorner", text: "\(GMLWriter.number(e.minX)) \(GMLWriter.number(e.minY))")
                                w.element("ows:UpperCorner", text: "\(GMLWriter.number(e.maxX)) \(GMLWriter.number(e.maxY))")
                            }
                        }
                    }
                }
            }
            w.element("fes:Filter_Capabilities") { w in
                w.element("fes:Conformance") { w in
                    let classes: [(String, String)] = [
                        ("ImplementsQuery", "TRUE"), ("ImplementsAdHocQuery", "TRUE"), ("ImplementsFunctions", "FALSE"),
                        ("ImplementsResourceId", "FALSE"), ("ImplementsMinStandardFilter", "TRUE"), ("ImplementsStandardFilter", "TRUE"),
                        ("ImplementsMinSpatialFilter", "TRUE"), ("ImplementsSpatialFilter", "FALSE"), ("ImplementsMinTemporalFilter", "FALSE"),
                        ("ImplementsTemporalFilter", "FALSE"), ("ImplementsVersionNav", "FALSE"), ("ImplementsSorting", "FALSE"),
                        ("ImplementsExtendedOperators", "FALSE"), ("ImplementsMinimumXPath", "FALSE"), ("ImplementsSchemaElementFunc", "FALSE"),
                    ]
                    for (name, value) in classes {
                        w.element("fes:Constraint", [("name", name)]) { w in
                            w.element("ows:NoValues")
                            w.element("ows:DefaultValue", text: value)
                        }
                    }
                }
                w.element("fes:Scalar_Capabilities") { w in
                    w.element("fes:LogicalOperators")
                    w.element("fes:ComparisonOperators") { w in
                        for op in comparisonOperators { w.element("fes:ComparisonOperator", [("name", op)]) }
                    }
                }
                w.element("fes:Spatial_Capabilities") { w in
                    w.element("fes:GeometryOperands") { w in
                        for g in ["gml:Envelope", "gml:Point", "gml:LineString", "gml:Polygon"] { w.element("fes:GeometryOperand", [("name", g)]) }
                    }
                    w.element("fes:SpatialOperators") { w in
                        for op in spatialOperators { w.element("fes:SpatialOperator", [("name", op)]) }
                    }
                }
            }
        }
        return w.document
    }

    /// The GML application schema of the types asked for: each layer's typed properties (its
    /// queryables) and its geometry.
    static func schema(_ layers: [Layer]) -> String {
        var w = XMLWriter()
        w.element("xsd:schema", [("xmlns:xsd", xsd), ("xmlns:gml", gml), ("xmlns:cg", namespace), ("targetNamespace", namespace),
                                 ("elementFormDefault", "qualified"), ("version", "2.0.0")]) { w in
            w.element("xsd:import", [("namespace", gml), ("schemaLocation", "http://schemas.opengis.net/gml/3.2.1/gml.xsd")])
            for layer in layers {
                w.element("xsd:complexType", [("name", "\(layer.rawValue)Type")]) { w in
                    w.element("xsd:complexContent") { w in
                        w.element("xsd:extension", [("base", "gml:AbstractFeatureType")]) { w in
                            w.element("xsd:sequence") { w in
                                for q in Queryable.of(layer) where q.kind != .geometry {
                                    w.element("xsd:element", [("name", q.name), ("type", xsdType(q.kind)), ("minOccurs", "0"), ("nillable", "true")])
                                }
                                w.element("xsd:element", [("name", "geometry"), ("type", geometryType(layer)), ("minOccurs", "0")])
                            }
                        }
                    }
                }
                w.element("xsd:element", [("name", layer.rawValue), ("type", "cg:\(layer.rawValue)Type"), ("substitutionGroup", "gml:AbstractFeature")])
            }
        }
        return w.document
    }

    static func xsdType(_ kind: Queryable.Kind) -> String {
        switch kind {
        case .string: "xsd:string"
        case .number: "xsd:double"
        case .integer: "xsd:integer"
        case .boolean: "xsd:boolean"
        case .dateTime: "xsd:dateTime"
        case .geometry: "gml:GeometryPropertyType"
        }
    }

    /// Points for the point layers; any geometry for the others, whose features mix single and
    /// multi shapes (a road of one piece or several).
    static func geometryType(_ layer: Layer) -> String {
        switch layer {
        case .cases, .storefronts, .officers: "gml:PointPropertyType"
        default: "gml:GeometryPropertyType"
        }
    }
}
