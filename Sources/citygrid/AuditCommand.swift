import ArgumentParser
import CityModel
import CityQuery
import CityStore
import Foundation

/// `citygrid audit`: the audit trail, newest first, as the local operator (who holds the
/// auditor role here: whoever can open the store can read its tables anyway).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit trail: who did or saw what, when, through which route or command; newest first.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this account's lines (u-0007).") var account: String?
    @Option(help: "Only lines whose actor is exactly this (本机:root for the command line's).") var actor: String?
    @Option(help: "Only this action: \(AuditAction.allCases.map(\.rawValue).joined(separator: ", ")).") var action: String?
    @Option(help: "Only lines about this layer (cases, storefronts, …), accounts or tokens.") var subject: String?
    @Option(help: "Only lines about this entity id.") var id: String?
    @Option(help: "At or after this instant (RFC 3339, or YYYY-MM-DD as midnight in Shanghai).") var since: String?
    @Option(help: "Before this instant (RFC 3339, or YYYY-MM-DD as midnight in Shanghai).") var until: String?
    @Option(help: "Lines before this sequence (the next page: the last sequence shown).") var before: Int64?
    @Option(help: "At most this many lines.") var limit = 100
    @Flag(help: "JSON on standard output.") var json = false

    func validate() throws {
        if let action, AuditAction(rawValue: action) == nil {
            throw ValidationError("--action \(action): expected one of " + AuditAction.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard limit >= 1 else { throw ValidationError("--limit \(limit): expected 1 or more") }
        _ = try Dates.parse(since, option: "--since")
        _ = try Dates.parse(until, option: "--until")
    }

    func run() throws {
        let filter = AuditFilter(accountID: account, actor: actor, action: action.flatMap(AuditAction.init(rawValue:)), subject: subject,
                                 subjectID: id, since: try Dates.parse(since, option: "--since"),
                                 until: try Dates.parse(until, option: "--until"), beforeSequence: before, limit: limit)
        let queries = try store.queries()
        let lines: [AuditEntry]
        do {
            lines = try queries.auditTrail(filter, by: LocalOperator.principal)
        } catch CityQueryError.badParameter("limit", _, let reason) {
            throw ValidationError("--limit \(limit): \(reason)")
        }
        if json { return try Output.json(lines) }
        Output.table(["seq", "at", "actor", "via", "action", "subject", "detail"], lines.map { e in
            ["\(e.sequence ?? 0)", CityTime.timestamp(e.at), e.actor + (e.accountID.map { " (\($0))" } ?? ""), e.via, e.action.rawValue,
             [e.subject, e.subjectID].compactMap { $0 }.joined(separator: "/"), e.detail]
        })
    }
}
