import Foundation
import Testing

/// `citygrid report`: its help (part of the interface), a workbook written whole, and bad input
/// refused with the option named, non-zero, and no file left behind.
@Suite struct ReportCommandTests {
    @Test func helpNamesTheOptions() throws {
        let r = try CitygridProcess.run(["report", "--help"])
        #expect(r.status == 0)
        for option in ["--period", "--sub-district", "--format", "--out", "html, pdf or xlsx", "YYYY-MM"] {
            #expect(r.standardOutput.contains(option), "help lacks \(option)")
        }
    }

    @Test func writesTheWorkbookAndRefusesBadInput() throws {
        let store = try #require(LoadedSample.store, "the sample did not load")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-cli-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let out = dir.appendingPathComponent("r.xlsx").path
        let ok = try CitygridProcess.run(["report", "--store", store, "--period", "2026-11", "--sub-district", "豫园街道", "--format", "xlsx", "--out", out])
        #expect(ok.status == 0, "\(ok.standardError)")
        let bytes = try #require(FileManager.default.contents(atPath: out))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.xlsx"], "no partial file left")

        for (arguments, named) in [(["--period", "2026-13"], "--period"), (["--period", "2026-11", "--format", "docx"], "--format"),
                                   (["--period", "2026-11", "--sub-district", "无此街道"], "--sub-district")] {
            let never = dir.appendingPathComponent("never.html").path
            let r = try CitygridProcess.run(["report", "--store", store] + arguments + ["--out", never])
            #expect(r.status != 0, "\(arguments)")
            #expect(r.standardError.contains(named), "\(arguments): \(r.standardError)")
            #expect(!FileManager.default.fileExists(atPath: never))
        }
    }
}
