import Foundation

/// Runs a program (an independent oracle: ogrinfo, a Python parser) and collects its output,
/// without blocking a thread of Swift Testing's small cooperative pool while it runs: the
/// in-process server the program may be talking to needs those threads to answer.
public enum ChildProcess {
    /// The exit status and standard output (with standard error when `mergingErrors`).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           mergingErrors: Bool = false) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        if mergingErrors { process.standardError = pipe }
        let output = OutputCollector()
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        pipe.fileHandleForReading.readabilityHandler = nil
        output.append(pipe.fileHandleForReading.readDataToEndOfFile())
        return (status, output.text)
    }
}

/// Bytes gathered from a pipe on Foundation's reader thread.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
