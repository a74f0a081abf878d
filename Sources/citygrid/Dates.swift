import ArgumentParser
import CityModel
import Foundation

/// Dates given on the command line, read by the one rule (`CityTime`): RFC 3339, or YYYY-MM-DD as
/// midnight in Shanghai.
enum Dates {
    static func parse(_ text: String?, option: String) throws -> Date? {
        guard let text else { return nil }
        if let d = CityTime.parse(text) { return d }
        throw ValidationError("\(option) must be an RFC 3339 date-time or YYYY-MM-DD, not '\(text)'")
    }
}

/// `--as-of`, shared by every command that judges deadlines, so that each reads it the same way.
struct AsOfOption: ParsableArguments {
    @Option(help: "Judge deadlines at this instant (RFC 3339, or YYYY-MM-DD as midnight in Shanghai); default now.")
    var asOf: String?

    /// The instant given, or now.
    func instant() throws -> Date { try Dates.parse(asOf, option: "--as-of") ?? Date() }
}
