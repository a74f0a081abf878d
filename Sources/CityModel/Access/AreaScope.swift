import Foundation

/// Where an account's roles hold: the whole city, a district, a sub-district (街道), a set of unit
/// grid cells, one road chief's segments (路长制) or a set of segments. Decided on a case's or
/// entity's `Attribution` — where it was attributed when filed — so a later redrawing of the grid
/// does not move a case in or out of someone's reach behind their back.
///
/// The printed form is what `citygrid users add --area` takes and the store keeps:
/// `city`, `district:310101`, `subdistrict:310101-002`, `cells:310101-002-005-0012,…`,
/// `chief:RC-310101-0001`, `segments:SEG-310101-00001,…`.
public enum AreaScope: Hashable, Sendable, CustomStringConvertible {
    case city
    /// A district by its GB/T 2260 code (310101 is Huangpu).
    case district(Int)
    /// A sub-district by its district code and three-digit sub-district number, as in grid codes.
    case subDistrict(district: Int, number: Int)
    case cells(Set<GridCode>)
    /// The segments whose road chief has this id.
    case chief(String)
    case segments(Set<String>)

    /// Whether an entity attributed as `attribution` lies inside. An entity never attributed (no
    /// cell, no segment) is inside the city only.
    public func contains(_ attribution: Attribution?) -> Bool {
        switch self {
        case .city: return true
        case .district(let code): return attribution?.gridCode?.district == code
        case .subDistrict(let district, let number):
            guard let g = attribution?.gridCode else { return false }
            return g.district == district && g.subDistrict == number
        case .cells(let codes): return attribution?.gridCode.map(codes.contains) ?? false
        case .chief(let id): return attribution?.segment?.chiefID == id
        case .segments(let ids): return attribution?.segment.map { ids.contains($0.segmentID) } ?? false
        }
    }

    /// Whether this scope covers all of `other` (a grant may only be handed on within one's own).
    public func covers(_ other: AreaScope) -> Bool {
        switch (self, other) {
        case (.city, _): return true
        case (.district(let d), .district(let e)): return d == e
        case (.district(let d), .subDistrict(let e, _)): return d == e
        case (.district(let d), .cells(let cells)): return cells.allSatisfy { $0.district == d }
        case (.subDistrict(let d, let n), .subDistrict(let e, let m)): return d == e && n == m
        case (.subDistrict(let d, let n), .cells(let cells)): return cells.allSatisfy { $0.district == d && $0.subDistrict == n }
        case (.cells(let mine), .cells(let theirs)): return theirs.isSubset(of: mine)
        case (.chief(let a), .chief(let b)): return a == b
        case (.segments(let mine), .segments(let theirs)): return theirs.isSubset(of: mine)
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .city: "city"
        case .district(let code): "district:\(code)"
        case .subDistrict(let d, let n): "subdistrict:\(d)-\(Self.three(n))"
        case .cells(let codes): "cells:" + codes.sorted().map(\.description).joined(separator: ",")
        case .chief(let id): "chief:\(id)"
        case .segments(let ids): "segments:" + ids.sorted().joined(separator: ",")
        }
    }

    /// Parses the printed form; the error names the part that is wrong.
    public init(parsing text: String) throws(CityModelError) {
        func bad(_ problem: String) -> CityModelError { .invalidArea(text: text, problem: problem) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "city" { self = .city; return }
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw bad("expected city, district:CODE, subdistrict:CODE-NNN, cells:GRIDCODE,…, chief:ID or segments:ID,…")
        }
        let kind = trimmed[..<colon].lowercased()
        let items = trimmed[trimmed.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !items.isEmpty else { throw bad("nothing after \"\(kind):\"") }
        switch kind {
        case "district":
            guard items.count == 1, let code = Int(items[0]), items[0].count == 6 else { throw bad("a district is a six-digit code such as 310101") }
            self = .district(code)
        case "subdistrict":
            let parts = items.count == 1 ? items[0].split(separator: "-") : []
            guard parts.count == 2, parts[0].count == 6, parts[1].count == 3, let d = Int(parts[0]), let n = Int(parts[1]), n > 0 else {
                throw bad("a sub-district is its district code and number, such as 310101-002")
            }
            self = .subDistrict(district: d, number: n)
        case "cells":
            var codes: Set<GridCode> = []
            for item in items {
                do { codes.insert(try GridCode(parsing: item)) } catch { throw bad("\(error)") }
            }
            self = .cells(codes)
        case "chief":
            guard items.count == 1 else { throw bad("one road chief's id") }
            self = .chief(items[0])
        case "segments":
            self = .segments(Set(items))
        default:
            throw bad("unknown kind \"\(kind)\"; expected city, district, subdistrict, cells, chief or segments")
        }
    }

    private static func three(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }
}

extension AreaScope: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try AreaScope(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
