import CityModel
import Foundation

/// The features `ogrinfo -al -q` prints: for each feature its fields as ogrinfo shows them
/// (`NAME (String) = 店1`, `(null)` for null), by field name.
func ogrFeatures(_ path: String) throws -> [[String: String]] {
    let text = try run("ogrinfo", ["-al", "-q", "-nogeomtype", path])
    var features: [[String: String]] = []
    var current: [String: String]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("OGRFeature(") {
            if let current { features.append(current) }
            current = [:]
        } else if current != nil, line.hasPrefix("  "), let eq = line.range(of: ") = ") {
            let head = line[line.index(line.startIndex, offsetBy: 2)..<eq.lowerBound]
            guard let paren = head.range(of: " (", options: .backwards) else { continue }
            current![String(head[..<paren.lowerBound])] = String(line[eq.upperBound...])
        }
    }
    if let current { features.append(current) }
    return features
}

/// `ogrinfo -so`: feature count and field types (`SHOP_ID: String (254.0)`).
func ogrSummary(_ path: String) throws -> (count: Int, fields: [String: String]) {
    let text = try run("ogrinfo", ["-so", "-al", path])
    var count = -1
    var fields: [String: String] = [:]
    for line in text.split(separator: "\n") {
        if line.hasPrefix("Feature Count: ") { count = Int(line.dropFirst(15)) ?? -1 }
        if let colon = line.range(of: ": "), !line.hasPrefix(" "), line.contains("("), !line.hasPrefix("Extent"),
           !line.hasPrefix("Layer"), !line.hasPrefix("Geometry"), !line.hasPrefix("Feature"), !line.hasPrefix("Data axis") {
            let type = line[colon.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            fields[String(line[..<colon.lowerBound])] = type
        }
    }
    return (count, fields)
}
