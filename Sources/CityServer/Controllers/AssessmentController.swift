import CityModel
import CityQuery
import CityReport
import Foundation
import GeoCore
import Hummingbird
import Synchronization

/// The grid center's dashboard (领导驾驶舱) figures and the monthly assessment report. Every figure
/// comes from CityQuery; this controller reads parameters, encodes JSON and hands the report to
/// CityReport for its document.
struct AssessmentController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var printer = PDFPrinter()
    /// Each PDF is a Chromium process for seconds: two at a time, the others told to come back (503).
    let printing = PrintSlots(limit: 2)

    var routes: [Route] {
        let problem = BodyDoc.problem
        let bad = ResponseDoc(400, "A parameter is malformed", problem)
        return [
            Route(Endpoint(.get, "/api/v1/dashboard", access: .read, operationID: "dashboard",
                           summary: "领导驾驶舱: today against last week, 30-day rankings with daily series, busiest cells and segments, repeat offenders",
                           tag: "Assessment",
                           parameters: [ParameterDoc("asOf", in: .query, .string, "The instant to look from (RFC 3339 or YYYY-MM-DD); default now")],
                           responses: [ResponseDoc(200, "The dashboard's figures", .json(.dashboard)), bad]),
                  handler: dashboard),
            Route(Endpoint(.get, "/api/v1/reports/{period}", access: .read, operationID: "assessmentReport",
                           summary: "The monthly assessment report (月度综合评价) as HTML, PDF or XLSX", tag: "Assessment",
                           parameters: [ParameterDoc("period", in: .path, .string, "The month, YYYY-MM (Shanghai time)"),
                                        ParameterDoc("format", in: .query, .string, "The document", allowed: ReportFormat.allCases.map(\.rawValue)),
                                        ParameterDoc("subDistrict", in: .query, .string, "Only this sub-district (街道), by name")],
                           responses: [ResponseDoc(200, "The report", .file(ReportFormat.html.mediaType),
                                                   or: [.file(ReportFormat.pdf.mediaType), .file(ReportFormat.xlsx.mediaType)]),
                                       bad, ResponseDoc(503, "No Chromium to print the PDF with, or two PDFs being printed already", problem)]),
                  handler: report),
        ]
    }

    @Sendable func dashboard(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let figures = try queries.dashboard(asOf: try q.date("asOf") ?? Date())
        return .json(try QueryEncoding.value(figures))
    }

    @Sendable func report(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let periodText = try context.parameters.require("period").decodedPathComponent(parameter: "period")
        let period = try AssessmentPeriod(parsing: periodText, parameter: "period")
        let formatText = q["format"] ?? "html"
        guard let format = ReportFormat(rawValue: formatText) else {
            throw ServerError.invalidParameter(name: "format", value: formatText, reason: "expected one of html, pdf, xlsx")
        }
        let report = try queries.assessmentReport(period: period, subDistrict: q["subDistrict"])
        let printer = printer
        // Printing waits on a Chromium process for seconds: off the event loop, and only so many at once.
        let bytes: [UInt8]
        if format == .pdf {
            // Busy is the server's state, not the caller's doing (429 is the per-caller rate limit's).
            guard printing.take() else { throw ServerError.unavailable("two reports are being printed to PDF already; try again in a few seconds") }
        }
        defer { if format == .pdf { printing.give() } }
        do {
            // On a thread of its own: a detached task would still sit on one of the cooperative
            // pool's threads (two on this machine) while Chromium prints.
            bytes = try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread { continuation.resume(with: Result { try format.render(report, printer: printer) }) }
            }
        } catch let error as CityReportError {
            throw ServerError.unavailable("\(error)")
        }
        let name = "citygrid-report-\(period)\(report.subDistrict.map { "-" + $0 } ?? "").\(format.rawValue)"
        var headers: HTTPFields = [.contentType: format.mediaType]
        if format != .html {
            headers[.contentDisposition] = "attachment; filename=\"citygrid-report-\(period).\(format.rawValue)\"; filename*=UTF-8''\(QueryParameters.encode(name))"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// A count of PDFs being printed, capped.
final class PrintSlots: Sendable {
    let limit: Int
    private let busy = Mutex(0)

    init(limit: Int) { self.limit = limit }

    func take() -> Bool {
        busy.withLock { n in
            guard n < limit else { return false }
            n += 1
            return true
        }
    }

    func give() { busy.withLock { $0 -= 1 } }
}
