import CityModel
import CityStore
import Foundation
import GeoCore
import SpatialIndex
import Testing

/// A writer killed in the middle of a batch of case transitions: after restart every committed
/// transition is there, no uncommitted one is, and the index agrees with the database.
struct DurabilityTests {
    static let reportedAt = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00+08:00")!

    /// A store of `n` reported cases, each with its first history row, made in-process.
    static func makeStore(at path: String, cases n: Int) throws {
        let store = try CityStore(database: .open(path: path))
        var batch = WriteBatch()
        for i in 0..<n {
            let c = ViolationCase(id: String(format: "K%04d", i), typeCode: "0503", source: .patrol,
                                  point: Point(x: 640_000 + Double(i % 30) * 20, y: 3_457_000 + Double(i / 30) * 20),
                                  description: "占道经营", reportedAt: reportedAt)
            batch.insert(try StoredFeature(c))
            batch.append(CaseTransitionRow(caseID: c.id, at: "2026-11-23T10:00:00+08:00", actor: "巡查员", event: "report",
                                           fromStatus: nil, toStatus: "reported"))
        }
        try store.commit(batch)
    }

    @Test func aKilledWriterLosesNothingCommittedAndKeepsNothingElse() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("citygrid-durability-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let storePath = dir.appendingPathComponent("store.sqlite").path
        let n = 300
        try Self.makeStore(at: storePath, cases: n)

        // Three steps per case, interleaved across cases: 900 transactions.
        var lines = ["CASE_ID,EVENT,ARG,ACTOR,NOTE"]
        var steps: [(String, String)] = []
        for (event, arg) in [("register", ""), ("dispatch", "department:enforcement"), ("reportHandled", "")] {
            for i in 0..<n {
                let id = String(format: "K%04d", i)
                lines.append("\(id),\(event),\(arg),派单员,")
                steps.append((id, event))
            }
        }
        let file = dir.appendingPathComponent("steps.csv")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = CitygridProcess.executable
        process.arguments = ["case", "replay", file.path, "--store", storePath]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        // Kill it once a third of the steps have been reported committed.
        var seen = 0
        var buffer = Data()
        while seen < n, process.isRunning {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            seen = String(decoding: buffer, as: UTF8.self).split(separator: "\n").count
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the writer should have been killed mid-batch, not have finished")

        // Restart: open the store as the server would.
        let store = try CityStore(database: .open(path: storePath))
        let committed = try store.transitionCount() - n
        #expect(committed >= seen, "every step reported committed (\(seen)) must be in the audit history (\(committed))")
        #expect(committed < steps.count)
        // Exactly the first `committed` steps, in file order, and no other.
        var expectedStatus: [String: String] = [:]
        for (i, (id, event)) in steps.enumerated() where i < committed {
            expectedStatus[id] = ["register": "registered", "dispatch": "dispatched", "reportHandled": "handled"][event]
        }
        for i in 0..<n {
            let id = String(format: "K%04d", i)
            let history = try store.transitions(caseID: id)
            let want = expectedStatus[id] ?? "reported"
            #expect(history.last?.toStatus == want, "\(id): audit history ends in \(history.last?.toStatus ?? "nothing"), want \(want)")
            let feature = try #require(store.read { $0[.cases].feature(id: id) })
            #expect(feature.status == want, "\(id): stored case is \(feature.status ?? "nil"), its history says \(want)")
            let entity = try feature.decode(ViolationCase.self)
            #expect(entity.history.count == history.count - 1, "\(id): the case's own history and the audit trail agree")
        }
        // The index rebuilt on open agrees with the database.
        let (indexed, held) = store.read { view in
            (view[.cases].index.search(IndexBox(minX: -1e12, minY: -1e12, maxX: 1e12, maxY: 1e12)).count, view[.cases].count)
        }
        let rows = try store.storedCount(.cases)
        #expect(indexed == n && held == n && rows == n)
    }
}
