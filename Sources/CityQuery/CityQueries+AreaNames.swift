import CityModel
import CityStore
import Foundation

/// Areas as people write them: AreaScope's printed forms, and a sub-district by its name
/// (`subdistrict:豫园街道`), found through the grids layer, whose cells carry their
/// sub-district's name and whose codes carry its number. Districts go by code only: the layers
/// carry no district names.
extension CityQueries {
    /// The area `text` names; the error is a bad parameter `area` saying what is wrong.
    public func resolveArea(_ text: String) throws -> AreaScope {
        try resolveArea(text, parameter: "area")
    }

    /// Each of `texts`, the error naming the one at fault as `areas[i]`.
    public func resolveAreas(_ texts: [String]) throws -> [AreaScope] {
        try texts.enumerated().map { i, text in try resolveArea(text, parameter: "areas[\(i)]") }
    }

    func resolveArea(_ text: String, parameter: String) throws -> AreaScope {
        let parsed: CityModelError
        do {
            return try AreaScope(parsing: text)
        } catch {
            parsed = error
        }
        func bad(_ reason: String) -> CityQueryError { .badParameter(name: parameter, value: text, reason: reason) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else { throw bad(Self.problem(parsed)) }
        let kind = trimmed[..<colon].lowercased()
        let rest = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        // A code starts with a digit; anything else after "subdistrict:" is taken for a name.
        guard let first = rest.unicodeScalars.first, !("0"..."9").contains(first) else { throw bad(Self.problem(parsed)) }
        switch kind {
        case "subdistrict":
            let named = subDistricts().filter { $0.name == rest }
            guard let only = named.first else {
                let known = subDistricts().map { "\($0.name) (\($0.district)-\(Self.three($0.number)))" }.joined(separator: ", ")
                throw bad("no sub-district is named \(rest) in the grids layer" + (known.isEmpty ? "" : "; it has \(known)"))
            }
            guard named.count == 1 else {
                throw bad("\(rest) names \(named.count) sub-districts (" + named.map { "\($0.district)-\(Self.three($0.number))" }
                    .joined(separator: ", ") + "): give the code")
            }
            return .subDistrict(district: only.district, number: only.number)
        case "district":
            throw bad("a district goes by its six-digit code (310101 is Huangpu): the layers carry no district names")
        default:
            throw bad(Self.problem(parsed))
        }
    }

    /// Every sub-district the grids layer has cells in, with the name its cells carry (the
    /// first cell's, by code), ordered by code.
    func subDistricts() -> [(district: Int, number: Int, name: String)] {
        store.read { view in
            var first: [Int: (code: GridCode, feature: StoredFeature)] = [:]
            for feature in view[.grids].features.values {
                guard let code = try? GridCode(parsing: feature.id) else { continue }
                let key = code.district * 1000 + code.subDistrict
                if let known = first[key], known.code < code { continue }
                first[key] = (code, feature)
            }
            return first.sorted { $0.key < $1.key }.compactMap { _, cell in
                guard let name = (try? cell.feature.propertiesValue())?["subDistrictName"]?.stringValue else { return nil }
                return (cell.code.district, cell.code.subDistrict, name)
            }
        }
    }

    private static func problem(_ error: CityModelError) -> String {
        if case .invalidArea(_, let problem) = error { return problem }
        return "\(error)"
    }

    private static func three(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }
}
