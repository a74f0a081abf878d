import Foundation
@testable import GeoIO

/// Attribute values as `ogrinfo -al -q` prints them, per feature (FID = record number - 1).
struct OGRFeatureValues {
    var fid: Int
    /// (field name, OGR type, printed value) in field order.
    var fields: [(name: String, type: String, value: String)]
    /// The geometry line (WKT), if printed.
    var wkt: String?
}

enum OGRInfo {
    static var isAvailable: Bool { Tool.find("ogrinfo") != nil }

    static func features(_ path: String, config: [String] = []) throws -> [OGRFeatureValues] {
        let (status, output) = try Tool.run("ogrinfo", ["-al", "-q"] + config + [path])
        guard status == 0 else { throw GeoIOError.cannotOpen(path: path, reason: "ogrinfo exit \(status): \(output.prefix(300))") }
        var result: [OGRFeatureValues] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("OGRFeature("), let colon = line.lastIndex(of: ":"), let fid = Int(line[line.index(after: colon)...]) {
                result.append(OGRFeatureValues(fid: fid, fields: [], wkt: nil))
            } else if line.hasPrefix("  "), !result.isEmpty {
                let body = line.dropFirst(2)
                if let eq = body.range(of: ") = "), let open = body[..<eq.lowerBound].range(of: " (", options: .backwards) {
                    result[result.count - 1].fields.append((String(body[..<open.lowerBound]),
                                                            String(body[open.upperBound..<eq.lowerBound]),
                                                            String(body[eq.upperBound...])))
                } else if result[result.count - 1].wkt == nil {
                    result[result.count - 1].wkt = String(body)
                }
            }
        }
        return result
    }

    /// Whether our value prints as GDAL printed `printed` (numbers compared as numbers).
    static func matches(_ value: DBFValue, _ printed: String) -> Bool {
        switch value {
        // GDAL 3.6 reads L fields as String and prints the raw letter ('?' when not set).
        case .null: return printed == "(null)" || printed == "?"
        case .string(let s): return s == printed
        case .integer(let i): return printed == String(i)
        case .double(let d):
            // GDAL prints a Real with the field's precision: allow half a unit in its last place.
            guard let g = Double(printed) else { return false }
            let decimals = printed.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
            let halfUnit = decimals > 0 ? 0.5 * pow(10, -Double(decimals)) : 0.5
            return abs(g - d) <= Swift.max(halfUnit, 1e-9 * abs(d))
        case .bool(let b): return (b ? ["1", "T", "t", "Y", "y"] : ["0", "F", "f", "N", "n"]).contains(printed)
        case .date(let y, let m, let d): return printed == DBFValue.isoDate(y, m, d).replacingOccurrences(of: "-", with: "/")
        }
    }
}
