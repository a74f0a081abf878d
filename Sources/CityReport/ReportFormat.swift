import CityQuery
import Foundation

/// The documents a report is written as.
public enum ReportFormat: String, CaseIterable, Sendable {
    case html, pdf, xlsx

    public init(parsing text: String, parameter: String) throws(CityReportError) {
        guard let f = ReportFormat(rawValue: text.lowercased()) else { throw .unknownFormat(parameter: parameter, value: text) }
        self = f
    }

    public var mediaType: String {
        switch self {
        case .html: "text/html; charset=utf-8"
        case .pdf: "application/pdf"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    /// The document's bytes. PDF is the HTML printed by `printer` (a Chromium process).
    public func render(_ report: AssessmentReport, printer: PDFPrinter = PDFPrinter()) throws -> [UInt8] {
        switch self {
        case .html: Array(ReportHTML(report).document.utf8)
        case .pdf: try printer.print(html: ReportHTML(report).document)
        case .xlsx: ReportWorkbook(report).workbook.bytes()
        }
    }
}
