import ArgumentParser
import CityModel
import CityQuery
import Foundation
import GeoCore
import Patrol

/// `citygrid officers …`: an officer's track from the duty app's export (GPX with times, or CSV)
/// into the store, and duty on and off, as the local operator. Fixes go through the same rule as
/// the API's: one refused fix is named by its record and the others are kept.
struct OfficersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officers",
        abstract: "Import an officer's GPS track (GPX or CSV), put officers on or off duty, audit a track's coverage.",
        subcommands: [Import.self, Duty.self, Coverage.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an officer's track: GPX with <time> on each point, or CSV with the header at,lon,lat[,accuracy,speed].")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The track file (.gpx or .csv).") var file: String
        @Option(help: "The officer's id (ZF31010101801).") var officer: String
        @Option(help: "The coordinates' datum: wgs84 (GPX, a GPS receiver) or gcj02 (a phone's map SDK).") var crs = "wgs84"
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let datum: InputCRS
            do { datum = try InputCRS(parameter: crs, name: "--crs") } catch { throw ValidationError("--crs \(crs): expected wgs84 or gcj02") }
            let fixes = try OfficersCommand.read(file, crs: datum)
            let queries = try store.queries()
            var kept = 0
            var refused: [(record: Int, field: String, reason: String)] = []
            // Batches of a thousand: a day's track at one fix every five seconds is 17,000 fixes.
            for start in stride(from: 0, to: fixes.count, by: 1000) {
                let batch = Array(fixes[start..<min(start + 1000, fixes.count)])
                let report = try queries.recordFixes(batch, officerID: officer, by: Caller.commandLine("citygrid officers import"))
                kept += report.accepted
                refused += report.refused.map { r in
                    (start + r.index + 1, String(r.field.drop { $0 != "." }.dropFirst()), r.reason)
                }
            }
            if json {
                let lines = refused.map { #"{"record":\#($0.record),"field":"\#($0.field)","reason":\#(JSONValue.string($0.reason).jsonString)}"# }
                print(#"{"file":\#(JSONValue.string(file).jsonString),"officer":"\#(officer)","kept":\#(kept),"refused":[\#(lines.joined(separator: ","))]}"#)
            } else {
                print("\(officer): kept \(kept) of \(fixes.count) fixes from \(file)")
                for r in refused.prefix(20) { print("  \(file): record \(r.record): \(r.field): \(r.reason)") }
                if refused.count > 20 { print("  … and \(refused.count - 20) more refused") }
            }
            if kept == 0 { throw ExitCode.failure }
        }
    }

    struct Duty: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put an officer on or off duty.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The officer's id.") var officer: String
        @Argument(help: "on or off.") var state: String

        func run() throws {
            guard ["on", "off"].contains(state) else { throw ValidationError("STATE \(state): expected on or off") }
            let o = try store.queries().setDuty(officerID: officer, onDuty: state == "on", by: Caller.commandLine("citygrid officers duty"))
            print("\(o.id) \(o.name) (\(o.team)): \(o.onDuty ? "on duty" : "off duty")")
        }
    }

    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How much of road-chief segments an officer's recorded track passed along (the GPS coverage audit).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The officer's id.") var officer: String
        @Option(help: "Comma-separated segment ids.") var segment: String?
        @Option(help: "A road chief's id: the chief's whole patch.") var chief: String?
        @Option(help: "Fixes at or after this instant (RFC 3339, or YYYY-MM-DD in Shanghai).") var from: String?
        @Option(help: "Fixes before this instant.") var to: String?
        @Option(help: "Metres from the track a piece of street counts as walked.") var tolerance = 20.0
        @Option(help: "Share of a segment's length to walk for it to count as covered.") var fraction = 0.8
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let ids = segment.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let result = try store.queries().coverage(officerID: officer, segmentIDs: ids, chiefID: chief,
                                                      from: try Dates.parse(from, option: "--from"), to: try Dates.parse(to, option: "--to"),
                                                      toleranceMeters: tolerance, coveredFraction: fraction)
            if json {
                let segments = result.audit.segments.map { s in
                    JSONValue.object(["id": .string(s.id), "lengthMeters": .number(s.lengthMeters), "coveredMeters": .number(s.coveredMeters),
                                      "covered": .bool(s.covered)])
                }
                print(JSONValue.object(["officer": .string(officer), "fixes": .number(Double(result.fixes)), "segments": .array(segments)]).jsonString)
                return
            }
            print("\(officer): \(result.fixes) fixes; \(result.audit.covered.count) of \(result.audit.segments.count) segments covered "
                  + "(\(Int(fraction * 100)) % within \(tolerance) m)")
            for s in result.audit.segments {
                print("  \(s.id) \(s.covered ? "covered" : "MISSED ") " + String(format: "%6.0f of %6.0f m", s.coveredMeters, s.lengthMeters))
            }
        }
    }

    /// The fixes of a track file, each named by its record in errors.
    static func read(_ file: String, crs: InputCRS) throws -> [PositionFix] {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("\(file): cannot be read") }
        if file.lowercased().hasSuffix(".gpx") {
            let points: [GPX.TimedPoint]
            do { points = try GPX.timedTrackPoints(data) } catch { throw ValidationError("\(file): \(error)") }
            guard !points.isEmpty else { throw ValidationError("\(file): no <trkpt> in the file") }
            return try points.enumerated().map { k, p in
                guard let time = p.time else { throw ValidationError("\(file): point \(k + 1) has no <time>; a track needs each fix's time") }
                return PositionFix(at: time, point: p.point, crs: crs)
            }
        }
        guard file.lowercased().hasSuffix(".csv") else { throw ValidationError("\(file): expected a .gpx or .csv track") }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.lowercased().split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw ValidationError("\(file): empty")
        }
        func column(_ names: [String]) -> Int? { header.firstIndex { names.contains($0) } }
        guard let at = column(["at", "time", "timestamp"]), let lon = column(["lon", "lng", "longitude"]),
              let lat = column(["lat", "latitude"]) else {
            throw ValidationError("\(file): the header needs at, lon and lat (found \(header.joined(separator: ",")))")
        }
        let accuracy = column(["accuracy", "accuracy_m"]), speed = column(["speed", "speed_mps"])
        return try lines.dropFirst().enumerated().compactMap { k, line in
            let record = k + 1
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { return nil }
            func number(_ i: Int?, _ name: String) throws -> Double? {
                guard let i, i < cells.count, !cells[i].isEmpty else { return nil }
                guard let v = Double(cells[i]), v.isFinite else { throw ValidationError("\(file): record \(record): \(name) '\(cells[i])' is not a number") }
                return v
            }
            guard at < cells.count, let time = CityTime.parse(cells[at]), cells[at].contains("T") else {
                throw ValidationError("\(file): record \(record): at '\(at < cells.count ? cells[at] : "")' is not an ISO 8601 date-time")
            }
            guard let x = try number(lon, "lon"), let y = try number(lat, "lat") else {
                throw ValidationError("\(file): record \(record): lon and lat are required")
            }
            return PositionFix(at: time, point: Point(x: x, y: y), crs: crs,
                               accuracyMeters: try number(accuracy, "accuracy"), speedMetersPerSecond: try number(speed, "speed"))
        }
    }
}
