import Foundation

/// Prints HTML to PDF with headless Chromium (Debian's chromium, which the browser tests already
/// need): the same page the HTML format gives, so paper and screen agree. The one place in the
/// report that starts a process; CityQuery never does.
public struct PDFPrinter: Sendable {
    /// The program, or nil to look for it (`CITYGRID_CHROMIUM`, then chromium, chromium-browser,
    /// google-chrome on `PATH`).
    public var program: String?
    /// How long Chromium may take before it is stopped and the print fails.
    public var timeoutSeconds: Double

    public init(program: String? = nil, timeoutSeconds: Double = 120) {
        self.program = program
        self.timeoutSeconds = timeoutSeconds
    }

    static let candidates = ["chromium", "chromium-browser", "google-chrome"]

    /// The Chromium to run, or `printerMissing` saying where it looked.
    public func chromium(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CityReportError) -> String {
        if let program { return program }
        if let given = environment["CITYGRID_CHROMIUM"], !given.isEmpty { return given }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in Self.candidates {
            for dir in path where FileManager.default.isExecutableFile(atPath: dir + "/" + name) { return dir + "/" + name }
        }
        throw .printerMissing(searched: Self.candidates.map { "\($0) on PATH" })
    }

    /// The PDF of `html`, printed in a fresh temporary folder (page and profile) removed afterwards.
    public func print(html: String) throws -> [UInt8] {
        let program = try chromium()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("citygrid-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html"), pdf = folder.appendingPathComponent("report.pdf")
        let log = folder.appendingPathComponent("chromium.log")
        try Data(html.utf8).write(to: page)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=" + folder.appendingPathComponent("profile").path,
                             "--no-pdf-header-footer", "--print-to-pdf-no-header",
                             "--print-to-pdf=" + pdf.path, page.absoluteString]
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw CityReportError.printingFailed(program: program, status: -1, output: "\(error)")
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning {
            if Date() > deadline { process.terminate() }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try? output.close()
        guard let bytes = FileManager.default.contents(atPath: pdf.path), bytes.starts(with: Array("%PDF".utf8)) else {
            let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw CityReportError.printingFailed(program: program, status: process.terminationStatus,
                                                 output: String(said.suffix(400)).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return [UInt8](bytes)
    }
}
