import Foundation
import Testing

/// `citygrid serve` without `--store` loads the sample into a temporary SQLite file: it is gone
/// after the server stops on SIGTERM or SIGINT, and a file left by a server killed outright is
/// removed by the next one.
@Suite(.serialized) struct ServeSampleStoreTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("geodata/sample").path

    @Test(arguments: [SIGTERM, SIGINT])
    func theSampleStoreGoesWithTheServer(signal: Int32) async throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("serve-sample-\(getpid())-\(signal)")
        try? FileManager.default.removeItem(at: temporary)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        // A leftover of a process that has exited: its id is known dead once it has been waited for.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        for suffix in ["", "-wal", "-shm"] {
            FileManager.default.createFile(atPath: temporary.appendingPathComponent("citygrid-sample-\(gone.processIdentifier).sqlite\(suffix)").path,
                                           contents: Data("left behind".utf8))
        }
        let unrelated = temporary.appendingPathComponent("someone-else.sqlite").path
        FileManager.default.createFile(atPath: unrelated, contents: Data())

        let log = temporary.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let server = Process()
        server.executableURL = CitygridProcess.executable
        server.arguments = ["serve", "--port", String(Int.random(in: 20_000...40_000)), "--sample", Self.sample]
        server.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
        server.standardError = try FileHandle(forWritingTo: log)
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        // Stopped even when an expectation below fails first.
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        // Hummingbird says it is listening once the service group runs, with its SIGTERM and
        // SIGINT handlers in place: a signal before that would end the process at once.
        let deadline = Date().addingTimeInterval(180)
        var text = ""
        while Date() < deadline, server.isRunning {
            text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains("listening on") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        // Read once more: under a loaded machine this task may wake only after the deadline, with
        // the server long started.
        text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let waited = Int(Date().timeIntervalSince(deadline) + 180)
        try #require(text.contains("listening on"),
                     "the server did not start in \(waited) s (\(server.isRunning ? "still running" : "exited with \(server.terminationStatus)")): \(text)")
        let own = temporary.appendingPathComponent("citygrid-sample-\(server.processIdentifier).sqlite").path
        #expect(FileManager.default.fileExists(atPath: own), "the sample store is where the log says")
        #expect(text.contains("removed 1 sample store"), "\(text)")
        kill(server.processIdentifier, signal)
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path).sorted()
        #expect(left == ["serve.log", "someone-else.sqlite"], "\(left)")
    }
}
