import ArgumentParser
import CityModel
import CityQuery
import Foundation

extension CaseCommand {
    /// `citygrid case show ID`: the case, its deadline clock and its audit history.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A case with its deadline and audit history.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The case's id.") var caseID: String
        @OptionGroup var asOf: AsOfOption
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let d = try store.queries().caseDetail(id: caseID, asOf: try asOf.instant())
            let c = d.violationCase
            if json {
                return try Output.json(CaseOutput(c, d.clock, history: d.history.map { row in
                    ["at": row.at, "actor": row.actor, "event": row.event, "from": row.fromStatus ?? "", "to": row.toStatus, "note": row.note]
                }))
            }
            Output.table(["field", "value"], [
                ["id", c.id], ["type", c.typeCode], ["status", "\(c.status.rawValue) (\(c.status.labelZH))"],
                ["reported", CityTime.timestamp(c.reportedAt)], ["assignee", c.assignment?.flat ?? ""],
                ["deadline", d.clock.rule ?? ""], ["due", d.clock.dueAt.map(CityTime.timestamp) ?? ""],
                ["overdue", d.clock.overdue ? "yes, by \(d.clock.overdueByISO ?? "")" : "no"],
                ["cell", c.attribution?.gridCode?.description ?? ""], ["segment", c.attribution?.segment?.segmentID ?? ""],
            ])
            print("")
            Output.table(["at", "event", "from", "to", "actor", "note"],
                         d.history.map { [$0.at, $0.event, $0.fromStatus ?? "", $0.toStatus, $0.actor, $0.note] })
        }
    }

    /// `citygrid case list`: the cases meeting the filters, in id order, a page at a time.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cases by status, type, cell, segment, chief, department, deadline or report date.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Workflow statuses, comma-separated.") var status: String?
        @Option(help: "Case-type codes, comma-separated.") var type: String?
        @Option(help: "The cell the case is attributed to.") var grid: String?
        @Option(help: "The road-chief segment the case is attributed to.") var segment: String?
        @Option(help: "The road chief of that segment.") var chief: String?
        @Option(help: "The department the case is dispatched to.") var department: String?
        @Flag(help: "Only cases overdue at --as-of.") var overdue = false
        @Option(help: "Reported at or after (RFC 3339 or YYYY-MM-DD, Shanghai time).") var reportedFrom: String?
        @Option(help: "Reported before.") var reportedTo: String?
        @OptionGroup var asOf: AsOfOption
        @Option(help: "The last id of the previous page.") var cursor: String?
        @Option(help: "Page size.") var limit: Int?
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            func set(_ text: String?) -> Set<String>? { text.map { Set($0.split(separator: ",").map(String.init)) } }
            let filter = CaseFilter(statuses: set(status), types: set(type), grid: grid, segment: segment, chief: chief,
                                    department: department, overdue: overdue ? true : nil,
                                    reportedFrom: try Dates.parse(reportedFrom, option: "--reported-from"),
                                    reportedTo: try Dates.parse(reportedTo, option: "--reported-to"))
            let page = try store.queries().cases(filter, asOf: try asOf.instant(), cursor: cursor, limit: limit)
            if json {
                return try Output.json(["cases": AnyEncodable(page.items.map { CaseOutput($0.violationCase, $0.clock) }),
                                        "numberMatched": AnyEncodable(page.numberMatched), "nextCursor": AnyEncodable(page.nextCursor)])
            }
            Output.table(["case", "type", "status", "reported", "due", "overdue"], page.items.map { c, clock in
                [c.id, c.typeCode, c.status.rawValue, CityTime.timestamp(c.reportedAt), clock.dueAt.map(CityTime.timestamp) ?? "",
                 clock.overdue ? (clock.overdueByISO ?? "yes") : ""]
            })
            print("\(page.items.count) of \(page.numberMatched)" + (page.nextCursor.map { "; next page: --cursor \($0)" } ?? ""))
        }
    }

    /// A case as `--json` writes it: the workflow's fields and its clock.
    struct CaseOutput: Encodable {
        let id: String, typeCode: String, status: String, reportedAt: Date, assignment: String?
        let dueAt: Date?, overdue: Bool, overdueBy: String?, deadlineRule: String?
        let gridCode: String?, segmentID: String?, history: [[String: String]]?

        init(_ c: ViolationCase, _ clock: CaseClock, history: [[String: String]]? = nil) {
            id = c.id; typeCode = c.typeCode; status = c.status.rawValue; reportedAt = c.reportedAt
            assignment = c.assignment?.flat; dueAt = clock.dueAt; overdue = clock.overdue; overdueBy = clock.overdueByISO
            deadlineRule = clock.rule; gridCode = c.attribution?.gridCode?.description; segmentID = c.attribution?.segment?.segmentID
            self.history = history
        }
    }
}
