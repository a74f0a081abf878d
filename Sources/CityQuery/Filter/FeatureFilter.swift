import CityModel
import Foundation
import GeoCore
import GEOSKit

/// A CQL2 filter checked against a layer's queryables and ready to run: each feature is judged on
/// its published properties and its working-CRS geometry, with SQL's three-valued logic (a
/// comparison with a missing property is unknown, and only a true filter admits a feature).
public struct FeatureFilter: Sendable {
    public let expression: CQL2Expression
    let queryables: [String: Queryable]
    /// The literal geometries, prepared once (GEOS), by their position in the expression.
    let prepared: [Geometry: PreparedGeometry]

    /// Checks every property the filter names against the layer's queryables.
    public init(_ expression: CQL2Expression, layer: Layer) throws(CQL2Error) {
        self.expression = expression
        let list = Queryable.of(layer)
        let queryables = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
        self.queryables = queryables
        for name in expression.properties where queryables[name] == nil {
            throw CQL2Error(position: "property \(name)", reason: "not a queryable of \(layer.rawValue); its queryables are " + list.map(\.name).joined(separator: ", "))
        }
        var made: [Geometry: PreparedGeometry] = [:]
        func collect(_ e: CQL2Expression) throws(CQL2Error) {
            switch e {
            case .and(let l), .or(let l): for x in l { try collect(x) }
            case .not(let x): try collect(x)
            case .spatial(_, let p, let g, _):
                guard queryables[p]?.kind == .geometry else { throw CQL2Error(position: "property \(p)", reason: "a spatial function takes the geometry") }
                if made[g] == nil {
                    do { made[g] = try PreparedGeometry(g) } catch { throw CQL2Error(position: "geometry", reason: "\(error)") }
                }
            case .comparison(_, let a, let b):
                if case .property(let p) = a, queryables[p]?.kind == .geometry { throw CQL2Error(position: "property \(p)", reason: "the geometry is compared with the spatial functions") }
                if case .property(let p) = b, queryables[p]?.kind == .geometry { throw CQL2Error(position: "property \(p)", reason: "the geometry is compared with the spatial functions") }
            default: break
            }
        }
        try collect(expression)
        prepared = made
    }

    public func admits(properties: JSONObject, geometry: Geometry?) throws -> Bool {
        try evaluate(expression, properties, geometry) == true
    }

    private enum Value {
        case string(String), number(Double), boolean(Bool), instant(Date)
    }

    private func value(_ o: CQL2Operand, _ properties: JSONObject) -> Value? {
        switch o {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .boolean(let b): return .boolean(b)
        case .instant(let d): return .instant(d)
        case .property(let name):
            guard let q = queryables[name], let v = q.value(in: properties) else { return nil }
            switch v {
            case .string(let s): return q.kind == .dateTime ? CityTime.parse(s).map(Value.instant) : .string(s)
            case .number(let n): return .number(n)
            case .bool(let b): return .boolean(b)
            default: return nil
            }
        }
    }

    /// -1, 0, 1, or nil when the two cannot be compared (a string against a number is unknown).
    private func order(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y ? 0 : (Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) ? -1 : 1)
        case (.number(let x), .number(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.instant(let x), .instant(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.instant(let x), .string(let s)): return CityTime.parse(s).map { x == $0 ? 0 : (x < $0 ? -1 : 1) }
        case (.string, .instant): return order(b, a).map { -$0 }
        default: return nil
        }
    }

    private func evaluate(_ e: CQL2Expression, _ p: JSONObject, _ g: Geometry?) throws -> Bool? {
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
            return Self.like(Array(s), Array(pattern)) != negated
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
        case .spatial(let op, _, let literal, let distance):
            guard let g, let prepared = prepared[literal] else { return nil }
            switch op {
            case .intersects: return try prepared.intersects(g)
            case .disjoint: return try !prepared.intersects(g)
            case .within: return try prepared.contains(g)
            case .contains: return try g.contains(literal)
            case .dwithin: return try prepared.isWithinDistance(distance ?? 0, of: g)
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
