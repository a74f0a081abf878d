import Foundation
import GRDB
import Testing
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the built `citygrid` executable as a subprocess, the way a user or a script would.
struct CitygridProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String

        /// Output lines parsed as numbers.
        var rows: [[Double]] {
            standardOutput.split(separator: "\n").map { $0.split(separator: " ").map { Double($0)! } }
        }
    }

    /// The executable sits next to the test bundle in the build folder (.build/debug/citygrid);
    /// on Apple platforms the bundle is a folder a few levels below it.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("citygrid")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/citygrid")
    }()

    /// `run` on a thread of its own, for async tests: waiting for a process on one of the few
    /// threads Swift's concurrency shares (two on a two-core machine) would stall every other
    /// async test meanwhile.
    static func run(_ arguments: [String], input: String = "") async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try Self.runBlocking(arguments, input: input) }) }.start()
        }
    }

    static func run(_ arguments: [String], input: String = "") throws -> Result {
        try runBlocking(arguments, input: input)
    }

    static func runBlocking(_ arguments: [String], input: String = "") throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write and read concurrently: a large input or output must not fill a pipe and stall.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = ErrorCollector(stderr.fileHandleForReading)
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outputData, as: UTF8.self),
                      standardError: String(decoding: errorData.wait(), as: UTF8.self))
    }
}

/// Drains a pipe on its own thread.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// `citygrid serve --store` on a free port, as a user starts it; stopped when released. Async
/// throughout: a test that blocked a thread while the server starts would hold one of the few
/// threads every other test shares.
final class ServedStore: @unchecked Sendable {
    let process = Process()
    let base: String
    private let log: URL

    private init(store: String, directory: URL, config: String?) throws {
        let port = Int.random(in: 20_000...40_000)
        base = "http://127.0.0.1:\(port)"
        log = directory.appendingPathComponent("serve-\(port).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = CitygridProcess.executable
        process.arguments = ["serve", "--store", store, "--port", String(port)] + (config.map { ["--config", $0] } ?? [])
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Started and answering: ready when it answers, not when it says so.
    static func start(store: String, directory: URL, config: String? = nil) async throws -> ServedStore {
        let served = try ServedStore(store: store, directory: directory, config: config)
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline, served.process.isRunning {
            if (try? String(contentsOf: served.log, encoding: .utf8))?.contains("listening on") == true,
               await served.get("/healthz").status == 200 { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        return served
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// The status and body of a GET.
    func get(_ pathAndQuery: String) async -> (status: Int, body: Data) {
        await send("GET", pathAndQuery, contentType: nil, body: nil)
    }

    /// The status and body of a request; status 0 when there was no answer.
    func send(_ method: String, _ pathAndQuery: String, contentType: String?, body: Data?,
              headers: [String: String] = [:]) async -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: base + pathAndQuery)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 120
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        guard let (data, response) = try? await URLSession.shared.data(for: request) else { return (0, Data()) }
        let http = response as? HTTPURLResponse
        ResponseRecorder.record(method: method, uri: pathAndQuery, status: http?.statusCode ?? 0,
                                contentType: http?.value(forHTTPHeaderField: "Content-Type"), body: data, source: "CLITests")
        return (http?.statusCode ?? 0, data)
    }

    /// Whether a GET of the path answers 200 marked stale (`CityGrid-Stale`).
    func stale(_ pathAndQuery: String) async -> Bool {
        guard let (_, response) = try? await URLSession.shared.data(from: URL(string: base + pathAndQuery)!),
              let http = response as? HTTPURLResponse else { return false }
        return http.statusCode == 200 && http.value(forHTTPHeaderField: "CityGrid-Stale")?.hasPrefix("since ") == true
    }

    func json(_ pathAndQuery: String) async throws -> Any {
        try JSONSerialization.jsonObject(with: await get(pathAndQuery).body)
    }
}

/// The sample district loaded once into a store file for the tests that serve or query it.
enum LoadedSample {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("geodata/sample").path

    /// A copy of the loaded store for a test that writes, so that the readers' store stays the sample.
    static func copy(_ name: String) throws -> String {
        let source = try #require(store)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-sample-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("city.sqlite").path
        // Through SQLite's backup API: copying the file and its WAL one after the other raced with
        // a server on the sample closing (and checkpointing away its WAL) in between, and gave a
        // copy without the data the WAL held.
        var configuration = Configuration()
        configuration.readonly = true
        try DatabaseQueue(path: source, configuration: configuration).backup(to: DatabaseQueue(path: path))
        return path
    }

    static let store: String? = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-sample-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("city.sqlite").path
        guard let r = try? CitygridProcess.run(["load", directory, "--store", path]), r.status == 0 else { return nil }
        return path
    }()
}
