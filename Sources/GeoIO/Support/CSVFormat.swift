import Foundation

/// RFC 4180 quoting, shared by the CSV writer and side tables.
enum CSVFormat {
    /// The field as written: quoted when it holds a comma, quote, CR or LF (quotes doubled).
    static func quoted(_ field: String, separator: Character = ",") -> String {
        guard field.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
