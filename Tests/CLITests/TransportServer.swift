import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `citygrid serve` on a copy of the loaded sample with a configuration of the test's own (tiny
/// limits and timeouts) and any other arguments (`--tls-cert`…), spoken to with curl and raw
/// sockets: independent clients, so that what is checked is what goes over the wire.
final class TransportServer: @unchecked Sendable {
    let process = Process()
    let port = Int.random(in: 20_000...40_000)
    let directory: URL
    let store: String
    let scheme: String
    let log: URL

    /// Demonstration accounts' tokens (geodata/sample/accounts.json), which citygrid load seeded
    /// into the loaded sample this server is a copy of.
    static let officer = "sample-officer-token-0001"
    static let dispatcher = "sample-dispatcher-token-01"

    private init(name: String, settings: String, arguments: [String], scheme: String) throws {
        store = try LoadedSample.copy(name)
        directory = URL(fileURLWithPath: store).deletingLastPathComponent()
        self.scheme = scheme
        let config = directory.appendingPathComponent("config.json")
        try "{ \(settings) }".write(to: config, atomically: true, encoding: .utf8)
        log = directory.appendingPathComponent("serve-\(port).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = CitygridProcess.executable
        process.arguments = ["serve", "--store", store, "--port", String(port), "--config", config.path] + arguments
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Started and listening (its log says so), or a failed expectation saying what it logged.
    static func start(_ name: String, settings: String = "", arguments: [String] = [], scheme: String = "http") async throws -> TransportServer {
        let server = try TransportServer(name: name, settings: settings, arguments: arguments, scheme: scheme)
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, server.process.isRunning, !server.logText.contains("listening on") {
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(server.logText.contains("listening on"), "citygrid serve did not start: \(server.logText)")
        return server
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    var base: String { "\(scheme)://127.0.0.1:\(port)" }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// One exchange through curl: its exit status, the answer's status, headers (names lowercased)
    /// and body, and what curl said on stderr.
    struct Exchange {
        var exit: Int32
        var status: Int
        var headers: [String: String]
        var body: String
        var curlError: String
    }

    func curl(_ path: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil,
              options: [String] = []) async throws -> Exchange {
        let id = UUID().uuidString
        let headerFile = directory.appendingPathComponent("h-\(id)").path, bodyFile = directory.appendingPathComponent("b-\(id)").path
        defer { try? FileManager.default.removeItem(atPath: headerFile); try? FileManager.default.removeItem(atPath: bodyFile) }
        var arguments = ["-sS", "--max-time", "20", "-X", method, "-D", headerFile, "-o", bodyFile, "-w", "%{http_code}"] + options
        for (k, v) in headers { arguments += ["-H", "\(k): \(v)"] }
        let bodyInput = directory.appendingPathComponent("in-\(id)").path
        defer { try? FileManager.default.removeItem(atPath: bodyInput) }
        if let body {
            // From a file: a large body does not fit in an argument list.
            try body.write(toFile: bodyInput, atomically: false, encoding: .utf8)
            arguments += ["--data-binary", "@" + bodyInput]
        }
        let run = try await Tool.run("/usr/bin/curl", arguments + [base + path])
        var fields: [String: String] = [:]
        for line in ((try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? "").split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Exchange(exit: run.status, status: Int(run.standardOutput) ?? 0, headers: fields,
                        body: (try? String(contentsOfFile: bodyFile, encoding: .utf8)) ?? "", curlError: run.standardError)
    }

    /// The number of stored cases, as the API counts them.
    func caseCount() async throws -> Int {
        let answer = try await curl("/api/v1/cases?limit=1")
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return try #require((object?["numberMatched"] as? NSNumber)?.intValue, "no numberMatched in \(answer.body.prefix(200))")
    }
}

/// A command-line tool run on a thread of its own (see `CitygridProcess.run`).
enum Tool {
    static func run(_ executable: String, _ arguments: [String]) async throws -> CitygridProcess.Result {
        try await onThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let errors = ErrorCollector(err.fileHandleForReading)
            let output = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CitygridProcess.Result(status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
                                          standardError: String(decoding: errors.wait(), as: UTF8.self))
        }
    }
}

/// Blocking work (a socket read, a child process) on a thread of its own, so that it holds none
/// of the few threads the async tests share.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// A plain TCP connection to the server, to send what no well-behaved client sends (half a
/// request head, nothing at all) and to see when the server closes it.
final class RawConnection: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    deinit { close(fd) }

    /// Sends the bytes; false when the server has already closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Reads until `marker` has arrived (true) or the connection closed or `seconds` passed (false).
    func read(until marker: String, within seconds: Double) -> Bool {
        let start = Date()
        var text = ""
        while Date().timeIntervalSince(start) < seconds {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return false }
            text += String(decoding: buffer[0..<n], as: UTF8.self)
            if text.contains(marker) { return true }
        }
        return false
    }

    /// Ends the connection from this side.
    func hangUp() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Reads until the server closes the connection or `seconds` pass: what was read, whether it
    /// was closed (end of stream or reset), and after how long.
    func readUntilClosed(within seconds: Double) -> (text: String, closed: Bool, elapsed: Double) {
        let start = Date()
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let left = seconds - Date().timeIntervalSince(start)
            guard left > 0 else { return (String(decoding: data, as: UTF8.self), false, Date().timeIntervalSince(start)) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (String(decoding: data, as: UTF8.self), true, Date().timeIntervalSince(start)) }
            data += buffer[0..<n]
        }
    }
}
