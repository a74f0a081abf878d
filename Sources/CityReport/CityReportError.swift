import Foundation

/// What can go wrong turning a report into a document, each case saying where.
public enum CityReportError: Error, CustomStringConvertible, Sendable {
    /// No Chromium to print the PDF with: where it was looked for.
    case printerMissing(searched: [String])
    /// Chromium ran but gave no PDF: its exit status and the end of what it said.
    case printingFailed(program: String, status: Int32, output: String)
    /// A format this renderer does not write.
    case unknownFormat(parameter: String, value: String)

    public var description: String {
        switch self {
        case .printerMissing(let searched):
            "no Chromium to print the PDF with (looked for \(searched.joined(separator: ", "))); install Debian's chromium or set CITYGRID_CHROMIUM"
        case .printingFailed(let program, let status, let output):
            "\(program) exited with status \(status) without writing the PDF: \(output)"
        case .unknownFormat(let parameter, let value):
            "\(parameter) \(value): expected html, pdf or xlsx"
        }
    }
}
