import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// One clock: a date without a zone means midnight in Shanghai, on the command line and over
/// HTTP alike. A period of the monthly figures from 2026-11-17 to 2026-11-20 counts the cases
/// reported in it; some were reported between midnight and 08:00 Shanghai time, so reading the
/// dates at UTC midnight would count others: the test first shows the two readings differ, then
/// that the CLI and the server both give the Shanghai one. The overdue lists agree too.
@Suite(.serialized) struct OneClockTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("geodata/sample").path

    static func cli(_ arguments: [String]) throws -> Any {
        let r = try CitygridProcess.run(arguments)
        try #require(r.status == 0, "\(arguments): \(r.standardError)")
        return try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8))
    }

    /// Cases received per sub-district in the period, from `citygrid query figures --json`.
    static func received(_ store: String, from: String, to: String) throws -> [String: Int] {
        let rows = try cli(["query", "figures", "--from", from, "--to", to, "--json", "--store", store]) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["group"] as! String, Int($0["received"] as! String)!) })
    }

    static func overdueIDs(_ store: String, asOf: String) throws -> [String] {
        let rows = try cli(["case", "list-overdue", "--as-of", asOf, "--json", "--store", store]) as? [[String: Any]] ?? []
        return rows.compactMap { $0["id"] as? String }.sorted()
    }

    @Test func aDateMeansShanghaiMidnightOnTheCommandLineAndOverHTTP() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("one-clock-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("city.sqlite").path
        let load = try await CitygridProcess.run(["load", Self.sample, "--store", store])
        try #require(load.status == 0, "\(load.standardError)")

        let (from, to) = ("2026-11-17", "2026-11-20")
        let shanghai = try Self.received(store, from: from + "T00:00:00+08:00", to: to + "T00:00:00+08:00")
        let utc = try Self.received(store, from: from + "T00:00:00Z", to: to + "T00:00:00Z")
        try #require(shanghai != utc, "the two midnights must count different cases for this test to mean anything")
        #expect(try Self.received(store, from: from, to: to) == shanghai)

        let served = try await ServedStore.start(store: store, directory: dir)
        let figures = try await served.json("/api/v1/figures?from=\(from)&to=\(to)") as? [String: Any] ?? [:]
        let groups = figures["groups"] as? [[String: Any]] ?? []
        let http = Dictionary(uniqueKeysWithValues: groups.map {
            ($0["group"] as! String, Int(($0["indicators"] as! [String: Any])["received"] as! Double))
        })
        #expect(http == shanghai, "HTTP \(http), Shanghai \(shanghai), UTC \(utc)")

        let asOf = "2026-11-25"
        let overdue = try await served.json("/api/v1/cases/overdue?asOf=\(asOf)&limit=10000") as? [String: Any] ?? [:]
        let features = overdue["features"] as? [[String: Any]] ?? []
        #expect(features.compactMap { $0["id"] as? String }.sorted() == (try Self.overdueIDs(store, asOf: asOf)))
        // Times are written in Shanghai time.
        let due = features.first.flatMap { ($0["properties"] as? [String: Any])?["due"] as? String }
        #expect(due?.hasSuffix("+08:00") == true, "\(due ?? "no due")")
    }
}
