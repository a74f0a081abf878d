import Foundation
import GeoCore

/// A filter in OGC Common Query Language (CQL2, OGC 21-065), as read from its text or JSON
/// encoding: the Basic CQL2, Advanced Comparison (LIKE, IN, BETWEEN), Basic Spatial
/// (S_INTERSECTS, S_WITHIN, S_CONTAINS, S_DISJOINT) and the temporal instants (T_BEFORE, T_AFTER,
/// T_EQUALS, and comparisons with TIMESTAMP/DATE), plus S_DWITHIN in metres (as pygeoapi and
/// GeoServer offer it). Geometries are in the working CRS by the time a filter is built.
public indirect enum CQL2Expression: Sendable, Hashable {
    case and([CQL2Expression])
    case or([CQL2Expression])
    case not(CQL2Expression)
    case comparison(CQL2Comparison, CQL2Operand, CQL2Operand)
    case like(CQL2Operand, pattern: String, negated: Bool)
    case isIn(CQL2Operand, [CQL2Operand], negated: Bool)
    case between(CQL2Operand, CQL2Operand, CQL2Operand, negated: Bool)
    case isNull(CQL2Operand, negated: Bool)
    case spatial(CQL2Spatial, property: String, Geometry, distanceMeters: Double?)
    case literal(Bool)
}

public enum CQL2Comparison: String, Sendable, Hashable {
    case eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">="
}

public enum CQL2Spatial: String, Sendable, Hashable, CaseIterable {
    case intersects = "s_intersects", within = "s_within", contains = "s_contains", disjoint = "s_disjoint", dwithin = "s_dwithin"
}

public enum CQL2Operand: Sendable, Hashable {
    case property(String)
    case string(String)
    case number(Double)
    case boolean(Bool)
    /// TIMESTAMP('…') or DATE('…') (a date is midnight in Shanghai).
    case instant(Date)
}

/// A filter that cannot be read: what is wrong and where (a character offset in the text, or the
/// JSON path), for the 400 to name.
public struct CQL2Error: Error, Sendable, Hashable, CustomStringConvertible {
    public var position: String
    public var reason: String

    public var description: String { "at \(position): \(reason)" }
}

extension CQL2Expression {
    /// Every property the filter names (for checking them against the queryables).
    public var properties: [String] {
        func names(_ o: CQL2Operand) -> [String] { if case .property(let n) = o { [n] } else { [] } }
        switch self {
        case .and(let list), .or(let list): return list.flatMap(\.properties)
        case .not(let e): return e.properties
        case .comparison(_, let a, let b): return names(a) + names(b)
        case .like(let a, _, _), .isNull(let a, _): return names(a)
        case .isIn(let a, let list, _): return names(a) + list.flatMap(names)
        case .between(let a, let b, let c, _): return names(a) + names(b) + names(c)
        case .spatial(_, let p, _, _): return [p]
        case .literal: return []
        }
    }

    /// The working-CRS box every feature the filter can admit meets, when the filter says so (a
    /// spatial predicate, alone or under AND): the R-tree is asked for it first.
    public var searchWindow: Envelope? {
        switch self {
        case .spatial(let op, _, let g, let d):
            switch op {
            case .disjoint: return nil
            case .dwithin: return g.envelope.expanded(by: d ?? 0)
            default: return g.envelope
            }
        case .and(let list):
            let windows = list.compactMap(\.searchWindow)
            guard var w = windows.first else { return nil }
            for other in windows.dropFirst() { w = w.intersection(other) }
            return w
        case .or(let list):
            var union = Envelope.empty
            for e in list {
                guard let w = e.searchWindow else { return nil }
                union = union.union(w)
            }
            return union
        default: return nil
        }
    }
}
