import CityModel
import Foundation
import GeoCore
import GEOSKit

/// A CQL2 filter checked against a layer's queryables and compiled to run: each feature is judged
/// on its published properties (read one queryable at a time, so a caller can answer from the
/// store's columns) and its working-CRS geometry, with SQL's three-valued logic (a comparison with a
/// missing property is unknown, and only a true filter admits a feature). Names are resolved and
/// literals typed once, when the filter is made, not for every feature.
public struct FeatureFilter: Sendable {
    public let expression: CQL2Expression
    private let compiled: Node

    private enum Value: Sendable {
        case string(String), number(Double), boolean(Bool), instant(Date)
    }

    private enum Operand: Sendable {
        case queryable(Queryable)
        case value(Value)
    }

    private indirect enum Node: Sendable {
        case and([Node]), or([Node]), not(Node)
        case comparison(CQL2Comparison, Operand, Operand)
        case like(Operand, [Character], negated: Bool)
        case isIn(Operand, [Operand], negated: Bool)
        case between(Operand, Operand, Operand, negated: Bool)
        case isNull(Operand, negated: Bool)
        case spatial(CQL2Spatial, Geometry, PreparedGeometry, point: Point?, distance: Double)
        case literal(Bool)
    }

    /// Checks every property the filter names against the layer's queryables.
    public init(_ expression: CQL2Expression, layer: Layer) throws(CQL2Error) {
        self.expression = expression
        let list = Queryable.of(layer)
        let queryables = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
        func operand(_ o: CQL2Operand) throws(CQL2Error) -> Operand {
            switch o {
            case .property(let name):
                guard let q = queryables[name] else {
                    throw CQL2Error(position: "property \(name)", reason: "not a queryable of \(layer.rawValue); its queryables are " + list.map(\.name).joined(separator: ", "))
                }
                guard q.kind != .geometry else { throw CQL2Error(position: "property \(name)", reason: "the geometry is compared with the spatial functions") }
                return .queryable(q)
            case .string(let s): return .value(.string(s))
            case .number(let n): return .value(.number(n))
            case .boolean(let b): return .value(.boolean(b))
            case .instant(let d): return .value(.instant(d))
            }
        }
        func compile(_ e: CQL2Expression) throws(CQL2Error) -> Node {
            switch e {
            case .and(let l): var out: [Node] = []; for x in l { out.append(try compile(x)) }; return .and(out)
            case .or(let l): var out: [Node] = []; for x in l { out.append(try compile(x)) }; return .or(out)
            case .not(let x): return .not(try compile(x))
            case .comparison(let op, let a, let b): return .comparison(op, try operand(a), try operand(b))
            case .like(let a, let pattern, let negated): return .like(try operand(a), Array(pattern), negated: negated)
            case .isIn(let a, let list, let negated):
                var items: [Operand] = []
                for x in list { items.append(try operand(x)) }
                return .isIn(try operand(a), items, negated: negated)
            case .between(let a, let b, let c, let negated): return .between(try operand(a), try operand(b), try operand(c), negated: negated)
            case .isNull(let a, let negated): return .isNull(try operand(a), negated: negated)
            case .literal(let b): return .literal(b)
            case .spatial(let op, let p, let g, let d):
                guard queryables[p]?.kind == .geometry else { throw CQL2Error(position: "property \(p)", reason: "a spatial function takes the geometry") }
                let prepared: PreparedGeometry
                do { prepared = try PreparedGeometry(g) } catch { throw CQL2Error(position: "geometry", reason: "\(error)") }
                var point: Point?
                if case .point(let q) = g { point = q }
                return .spatial(op, g, prepared, point: point, distance: d ?? 0)
            }
        }
        compiled = try compile(expression)
    }

    /// The values the store's status and category columns must take for the filter to admit a
    /// feature, as far as the filter's top-level AND says (`status IN (…)`, `typeCode = '0103'`):
    /// the R-tree's candidates are narrowed by the columns' tags before any feature is looked at.
    public var columnValues: (status: Set<String>?, category: Set<String>?) {
        var status: Set<String>?, category: Set<String>?
        let terms: [Node]
        if case .and(let list) = compiled { terms = list } else { terms = [compiled] }
        for term in terms {
            var column: Queryable.Column?, values: Set<String>?
            switch term {
            case .comparison(.eq, .queryable(let q), .value(.string(let v))), .comparison(.eq, .value(.string(let v)), .queryable(let q)):
                column = q.column; values = [v]
            case .isIn(.queryable(let q), let list, negated: false):
                let strings = list.compactMap { item -> String? in if case .value(.string(let s)) = item { s } else { nil } }
                if strings.count == list.count { column = q.column; values = Set(strings) }
            default: break
            }
            guard let column, let values else { continue }
            switch column {
            case .status: status = status.map { $0.intersection(values) } ?? values
            case .category: category = category.map { $0.intersection(values) } ?? values
            }
        }
        return (status, category)
    }

    public func admits(properties: JSONObject, geometry: Geometry?) throws -> Bool {
        try admits({ $0.value(in: properties) }, geometry: geometry)
    }

    /// Judges a feature whose properties `lookup` reads one queryable at a time.
    public func admits(_ lookup: (Queryable) -> JSONValue?, geometry: Geometry?) throws -> Bool {
        try evaluate(compiled, lookup, geometry) == true
    }

    private func value(_ o: Operand, _ lookup: (Queryable) -> JSONValue?) -> Value? {
        switch o {
        case .value(let v): return v
        case .queryable(let q):
            switch lookup(q) {
            case .string(let s)?: return q.kind == .dateTime ? CityTime.parse(s).map(Value.instant) : .string(s)
            case .number(let n)?: return .number(n)
            case .bool(let b)?: return .boolean(b)
            default: return nil
            }
        }
    }

    /// -1, 0, 1, or nil when the two cannot be compared (a string against a number is unknown).
    private func order(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.number(let x), .number(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.instant(let x), .instant(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.instant(let x), .string(let s)): return CityTime.parse(s).map { x == $0 ? 0 : (x < $0 ? -1 : 1) }
        case (.string, .instant): return order(b, a).map { -$0 }
        default: return nil
        }
    }

    private func evaluate(_ e: Node, _ p: (Queryable) -> JSONValue?, _ g: Geometry?) throws -> Bool? {
        switch e {
        case .literal(let b): return b
        case .and(let list):
            var unknown = false
            for x in list {
                switch try evaluate(x, p, g) {
                case false?: return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        case .or(let list):
            var unknown = false
            for x in list {
                switch try evaluate(x, p, g) {
                case true?: return true
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : false
        case .not(let x): return try evaluate(x, p, g).map { !$0 }
        case .comparison(let op, let a, let b):
            guard let x = value(a, p), let y = value(b, p), let c = order(x, y) else { return nil }
            switch op {
            case .eq: return c == 0
            case .ne: return c != 0
            case .lt: return c < 0
            case .le: return c <= 0
            case .gt: return c > 0
            case .ge: return c >= 0
            }
        case .like(let a, let pattern, let negated):
            guard case .string(let s)? = value(a, p) else { return nil }
            return Self.like(Array(s), pattern) != negated
        case .isIn(let a, let list, let negated):
            guard let x = value(a, p) else { return nil }
            var unknown = false
            for item in list {
                guard let y = value(item, p), let c = order(x, y) else { unknown = true; continue }
                if c == 0 { return !negated }
            }
            return unknown ? nil : negated
        case .between(let a, let low, let high, let negated):
            guard let x = value(a, p), let l = value(low, p), let h = value(high, p), let c1 = order(l, x), let c2 = order(x, h) else { return nil }
            return (c1 <= 0 && c2 <= 0) != negated
        case .isNull(let a, let negated):
            return (value(a, p) == nil) != negated
        case .spatial(let op, let literal, let prepared, let point, let distance):
            guard let g else { return nil }
            // A point against a point literal is plain arithmetic: no call into GEOS.
            if let point, case .point(let q) = g {
                let d = point.distance(to: q)
                switch op {
                case .intersects, .within, .contains: return d == 0
                case .disjoint: return d != 0
                case .dwithin: return d <= distance
                }
            }
            switch op {
            case .intersects: return try prepared.intersects(g)
            case .disjoint: return try !prepared.intersects(g)
            case .within: return try prepared.contains(g)
            case .contains: return try g.contains(literal)
            case .dwithin: return try prepared.isWithinDistance(distance, of: g)
            }
        }
    }

    /// CQL2 LIKE: `%` any run of characters, `_` one, `\` escapes the next; case-sensitive.
    static func like(_ s: [Character], _ p: [Character]) -> Bool {
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (p.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if j == p.count {
                result = i == s.count
            } else if p[j] == "%" {
                result = match(i, j + 1) || (i < s.count && match(i + 1, j))
            } else if p[j] == "\\", j + 1 < p.count {
                result = i < s.count && s[i] == p[j + 1] && match(i + 1, j + 2)
            } else {
                result = i < s.count && (p[j] == "_" || s[i] == p[j]) && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
