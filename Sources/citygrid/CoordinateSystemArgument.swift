import ArgumentParser
import Foundation
import ProjKit

/// A `--from`/`--to` value: a path to a .prj file (read and parsed as WKT) or any text
/// `CoordinateSystem(parsing:)` reads. Errors become usage errors naming the option.
enum CoordinateSystemArgument {
    static func resolve(_ value: String, option: String) throws -> CoordinateSystem {
        var text = value
        var isDirectory: ObjCBool = false
        let looksLikePath = value.lowercased().hasSuffix(".prj") || value.contains("/")
        if looksLikePath && !value.hasPrefix("+") && !value.contains("[") {
            guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw ValidationError("\(option): no such .prj file: \(value)")
            }
            do {
                text = try String(contentsOfFile: value, encoding: .utf8)
            } catch {
                throw ValidationError("\(option): cannot read \(value): \(error.localizedDescription)")
            }
        }
        do {
            return try CoordinateSystem(parsing: text)
        } catch {
            throw ValidationError("\(option): \(error)")
        }
    }
}
