import CityModel
import CityQuery
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GeoCore

/// OGC Filter Encoding 2.0 (ISO 19143), the `FILTER` of a WFS GetFeature, read into the same
/// `CQL2Expression` the OGC API's filter is, so both protocols select alike: the comparison
/// operators (PropertyIsEqualTo … PropertyIsGreaterThanOrEqualTo), PropertyIsLike (its wildCard,
/// singleChar and escapeChar), PropertyIsBetween, PropertyIsNull, And, Or, Not, and the spatial
/// BBOX, Intersects, Within, Contains, Disjoint and DWithin on a gml:Envelope, Point, LineString
/// or Polygon. Literals take the type of the queryable they are compared with.
struct FilterEncoding {
    /// A parsed XML element: local name, attributes by local name, children, text.
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
        func child(_ name: String) -> Node? { children.first { $0.name == name } }
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [Node] = []
        var root: Node?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            var local: [String: String] = [:]
            for (k, v) in attributes { local[String(k.split(separator: ":").last ?? Substring(k))] = v }
            let node = Node(name: name, attributes: local)
            stack.last?.children.append(node)
            stack.append(node)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let node = stack.removeLast()
            if stack.isEmpty { root = node }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
    }

    struct Failure: Error { var reason: String }

    let layer: Layer
    let queryables: [String: Queryable]
    /// Geometry literals in the filter's srsName (or the request's) → working CRS.
    let toWorking: (Geometry, String?) throws -> Geometry

    init(layer: Layer, toWorking: @escaping (Geometry, String?) throws -> Geometry) {
        self.layer = layer
        queryables = Dictionary(uniqueKeysWithValues: Queryable.of(layer).map { ($0.name, $0) })
        self.toWorking = toWorking
    }

    func parse(_ xml: String) throws -> CQL2Expression {
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw Failure(reason: "not well-formed XML: \(parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown") at line \(parser.lineNumber), column \(parser.columnNumber)")
        }
        guard root.name == "Filter" else { throw Failure(reason: "expected fes:Filter, found \(root.name)") }
        guard root.children.count == 1 else { throw Failure(reason: "fes:Filter takes one predicate, found \(root.children.count)") }
        return try expression(root.children[0])
    }

    private func expression(_ n: Node) throws -> CQL2Expression {
        let comparisons: [String: CQL2Comparison] = [
            "PropertyIsEqualTo": .eq, "PropertyIsNotEqualTo": .ne, "PropertyIsLessThan": .lt, "PropertyIsLessThanOrEqualTo": .le,
            "PropertyIsGreaterThan": .gt, "PropertyIsGreaterThanOrEqualTo": .ge,
        ]
        switch n.name {
        case "And", "Or":
            guard n.children.count >= 2 else { throw Failure(reason: "fes:\(n.name) takes at least two predicates") }
            let list = try n.children.map(expression)
            return n.name == "And" ? .and(list) : .or(list)
        case "Not":
            guard n.children.count == 1 else { throw Failure(reason: "fes:Not takes one predicate") }
            return .not(try expression(n.children[0]))
        case let name where comparisons[name] != nil:
            let (property, queryable) = try valueReference(n)
            guard let literal = n.child("Literal") else { throw Failure(reason: "fes:\(name) needs a fes:Literal") }
            return .comparison(comparisons[name]!, .property(property), try value(literal.text, for: queryable))
        case "PropertyIsLike":
            let (property, _) = try valueReference(n)
            guard let literal = n.child("Literal") else { throw Failure(reason: "fes:PropertyIsLike needs a fes:Literal") }
            let wild = n.attributes["wildCard"] ?? "*", single = n.attributes["singleChar"] ?? ".", escape = n.attributes["escapeChar"] ?? "!"
            return .like(.property(property), pattern: Self.cql2Pattern(literal.text, wild: wild, single: single, escape: escape), negated: false)
        case "PropertyIsBetween":
            let (property, queryable) = try valueReference(n)
            guard let low = n.child("LowerBoundary")?.child("Literal"), let high = n.child("UpperBoundary")?.child("Literal") else {
                throw Failure(reason: "fes:PropertyIsBetween needs fes:LowerBoundary and fes:UpperBoundary with a fes:Literal")
            }
            return .between(.property(property), try value(low.text, for: queryable), try value(high.text, for: queryable), negated: false)
        case "PropertyIsNull", "PropertyIsNil":
            return .isNull(.property(try valueReference(n).0), negated: false)
        case "BBOX", "Intersects", "Within", "Contains", "Disjoint", "DWithin":
            guard let shape = n.children.first(where: { $0.name != "ValueReference" && $0.name != "Distance" }) else {
                throw Failure(reason: "fes:\(n.name) needs a GML geometry or gml:Envelope")
            }
            let geometry = try toWorking(try Self.geometry(shape), shape.attributes["srsName"])
            let op: CQL2Spatial = switch n.name {
            case "BBOX", "Intersects": .intersects
            case "Within": .within
            case "Contains": .contains
            case "Disjoint": .disjoint
            default: .dwithin
            }
            var distance: Double?
            if op == .dwithin {
                guard let d = n.child("Distance"), let v = Double(d.text.trimmingCharacters(in: .whitespaces)), v >= 0 else {
                    throw Failure(reason: "fes:DWithin needs fes:Distance in metres")
                }
                if let unit = d.attributes["uom"], !["m", "metre", "meter", "urn:ogc:def:uom:EPSG::9001"].contains(unit) {
                    throw Failure(reason: "fes:Distance in \(unit): only metres are offered")
                }
                distance = v
            }
            return .spatial(op, property: "geometry", geometry, distanceMeters: distance)
        default:
            throw Failure(reason: "fes:\(n.name) is not offered (see the capabilities' Filter_Capabilities)")
        }
    }

    private func valueReference(_ n: Node) throws -> (String, Queryable) {
        guard let ref = n.child("ValueReference") ?? n.child("PropertyName") else { throw Failure(reason: "fes:\(n.name) needs a fes:ValueReference") }
        // "cg:status" or "status"; an XPath beyond one step is not offered.
        let name = String(ref.text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last ?? "")
        guard let q = queryables[name], q.kind != .geometry else {
            throw Failure(reason: "'\(ref.text)' is not a property of \(layer.rawValue); its properties are "
                          + Queryable.of(layer).filter { $0.kind != .geometry }.map(\.name).joined(separator: ", "))
        }
        return (name, q)
    }

    private func value(_ text: String, for q: Queryable) throws -> CQL2Operand {
        guard let operand = q.operand(text: text) else { throw Failure(reason: "\(q.name) is \(q.expected), '\(text)' is not") }
        return operand
    }

    /// FES wildcards (wildCard, singleChar, escapeChar) as CQL2's `%`, `_` and `\`.
    static func cql2Pattern(_ p: String, wild: String, single: String, escape: String) -> String {
        var out = "", chars = Array(p), i = 0
        while i < chars.count {
            let c = String(chars[i])
            if c == escape, i + 1 < chars.count {
                let next = chars[i + 1]
                out += "%_\\".contains(next) ? "\\\(next)" : String(next)
                i += 2
                continue
            }
            if c == wild { out += "%" } else if c == single { out += "_" } else if c == "%" || c == "_" || c == "\\" { out += "\\" + c } else { out += c }
            i += 1
        }
        return out
    }

    /// A GML 3.2 (or 3.1) geometry as the filter gives it, in its own axis order.
    static func geometry(_ n: Node) throws -> Geometry {
        func points(_ text: String, dimension: Int = 2) throws -> [Point] {
            let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "," }).compactMap { Double($0) }
            guard numbers.count % dimension == 0, !numbers.isEmpty else { throw Failure(reason: "gml coordinates '\(text.prefix(60))' are not pairs of numbers") }
            return stride(from: 0, to: numbers.count, by: dimension).map { Point(x: numbers[$0], y: numbers[$0 + 1]) }
        }
        func ring(_ r: Node?) throws -> LinearRing {
            guard let r = r?.child("LinearRing"), let list = r.child("posList") ?? r.child("coordinates") else {
                throw Failure(reason: "gml:Polygon needs gml:exterior/gml:LinearRing/gml:posList")
            }
            return LinearRing(try points(list.text))
        }
        switch n.name {
        case "Envelope":
            guard let lower = n.child("lowerCorner"), let upper = n.child("upperCorner") else {
                throw Failure(reason: "gml:Envelope needs gml:lowerCorner and gml:upperCorner")
            }
            let a = try points(lower.text)[0], b = try points(upper.text)[0]
            return .polygon(Polygon(rectangle: Envelope(minX: a.x, minY: a.y, maxX: b.x, maxY: b.y)))
        case "Point":
            guard let pos = n.child("pos") ?? n.child("coordinates") else { throw Failure(reason: "gml:Point needs gml:pos") }
            return .point(try points(pos.text)[0])
        case "LineString":
            guard let list = n.child("posList") ?? n.child("coordinates") else { throw Failure(reason: "gml:LineString needs gml:posList") }
            return .lineString(LineString(try points(list.text)))
        case "Polygon":
            return .polygon(Polygon(exterior: try ring(n.child("exterior")), holes: try n.children.filter { $0.name == "interior" }.map(ring)))
        default:
            throw Failure(reason: "gml:\(n.name) is not offered in a filter: use gml:Envelope, Point, LineString or Polygon")
        }
    }
}
