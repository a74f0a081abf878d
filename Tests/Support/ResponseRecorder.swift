import Foundation

/// Writes every HTTP exchange the tests see, one JSON line each, when `CITYGRID_RECORD_RESPONSES`
/// names a directory; does nothing otherwise. `Tests/oracle/openapi_responses.py` then checks each
/// recorded response against the served OpenAPI document with an independent validator, so the
/// document is held to what the server really answered in every test, not to what it says of itself.
public enum ResponseRecorder {
    /// One line: `{"method","path","query","status","contentType","body"}`; the body as text when
    /// it is UTF-8, else base64 under `bodyBase64`.
    public static func record(method: String, uri: String, status: Int, contentType: String?, body: Data, source: String) {
        guard let file else { return }
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var line: [String: Any] = [
            "method": method, "path": String(parts.first ?? ""), "query": parts.count > 1 ? String(parts[1]) : "",
            "status": status, "contentType": contentType ?? NSNull(), "source": source,
        ]
        if let text = String(data: body, encoding: .utf8) { line["body"] = text } else { line["bodyBase64"] = body.base64EncodedString() }
        guard var bytes = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) else { return }
        bytes.append(0x0A)
        file.append(bytes)
    }

    /// One file per test process (Swift Testing runs the suites of one process concurrently, so the
    /// appends are serialised).
    private static let file: LockedFile? = {
        guard let directory = ProcessInfo.processInfo.environment["CITYGRID_RECORD_RESPONSES"], !directory.isEmpty else { return nil }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("responses-\(getpid()).jsonl")
        FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path).map(LockedFile.init)
    }()
}

/// A file handle whose appends never interleave.
private final class LockedFile: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    init(_ handle: FileHandle) { self.handle = handle }

    func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        handle.seekToEndOfFile()
        handle.write(data)
    }
}
