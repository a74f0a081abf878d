import ArgumentParser
import CityImport
import CityQuery
import CityReport
import Foundation

/// `citygrid report --period 2026-11 [--sub-district NAME] --format html|pdf|xlsx --out FILE`: the
/// monthly assessment report (月度综合评价), the same document `GET /api/v1/reports/{period}` gives.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The monthly assessment report (立案率, 结案率, 按期结案率, 返工率 by sub-district, department and chief) as HTML, PDF or XLSX.",
        discussion: "PDF is the HTML printed by headless Chromium (Debian's chromium; CITYGRID_CHROMIUM names another).")

    @OptionGroup var store: StoreOptions
    @Option(help: "The month, YYYY-MM (Shanghai time).") var period: String
    @Option(help: "Only this sub-district (街道), by name.") var subDistrict: String?
    @Option(help: "html, pdf or xlsx.") var format: String = "html"
    @Option(help: "The file to write (written whole or not at all).") var out: String

    func validate() throws {
        do { _ = try AssessmentPeriod(parsing: period, parameter: "--period") } catch { throw ValidationError("\(error)") }
        do { _ = try ReportFormat(parsing: format, parameter: "--format") } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let month = try AssessmentPeriod(parsing: period, parameter: "--period")
        let documentFormat = try ReportFormat(parsing: format, parameter: "--format")
        do {
            let report = try store.queries().assessmentReport(period: month, subDistrict: subDistrict, subDistrictParameter: "--sub-district")
            let bytes = try documentFormat.render(report)
            // Beside the target, then renamed over it: a reader never sees half a report.
            let target = URL(fileURLWithPath: out)
            let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
            do {
                try Data(bytes).write(to: partial)
                guard rename(partial.path, target.path) == 0 else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
                }
            } catch {
                try? FileManager.default.removeItem(at: partial)
                throw error
            }
            ImportConsole.out("wrote \(out) (\(documentFormat.rawValue), \(bytes.count) bytes): \(report.tables.first?.rows.count ?? 0) sub-districts, \(report.overdue.count) overdue cases")
        } catch let error as CityQueryError {
            ImportConsole.err("citygrid report: \(error)")
            throw ExitCode.failure
        } catch let error as CityReportError {
            ImportConsole.err("citygrid report: \(error)")
            throw ExitCode.failure
        } catch let error as CocoaError {
            ImportConsole.err("citygrid report: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}
