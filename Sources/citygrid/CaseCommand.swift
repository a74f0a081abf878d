import ArgumentParser
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore

/// `citygrid case …`: report a case, move it through the closed loop, list the overdue ones.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Report cases, move them through the workflow, list the overdue ones.",
        subcommands: [Report.self, Transition.self, Show.self, List.self, ListOverdue.self, Replay.self])

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report a case at a point; it is attributed at once.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var point: QueryCommand.PointOptions
        @Option(help: "Case-type code from the catalogue, e.g. 0103 (建筑垃圾偷乱倒).") var type: String
        @Option(help: "patrol, hotline12345, camera, media or complaint.") var source = "patrol"
        @Option(help: "What was seen.") var description = ""
        @Option(help: "The citizen it is filed for (who phoned in), kept as the case's reportedFor; who reports is the operator running the command.")
        var reporter: String?
        @Option(help: "A storefront it concerns.") var storefront: String?
        @Option(help: "A structure it concerns.") var structure: String?
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            guard let source = CaseSource(rawValue: source) else {
                throw ValidationError("--source must be one of \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let (p, crs) = try point.input()
            let outcome = try store.queries().report(CaseReport(
                typeCode: type, source: source, point: p, crs: crs, description: description,
                storefrontID: storefront, structureID: structure, reportedFor: reporter), by: .commandLine("citygrid case report"))
            if json {
                return try Output.json(["case": AnyEncodable(outcome.violationCase), "location": AnyEncodable(outcome.location),
                                        "likelyDuplicates": AnyEncodable(outcome.likelyDuplicates.map(\.feature.id)),
                                        "proposedDepartments": AnyEncodable(outcome.proposedDepartments.map(\.code)),
                                        "repeatOf": AnyEncodable(outcome.repeatOf)])
            }
            let a = outcome.violationCase.attribution
            print("reported \(outcome.violationCase.id): cell \(a?.gridCode?.description ?? "—"), segment \(a?.segment?.segmentID ?? "—"), red line \(outcome.location.redLineVerdict.labelZH)")
            if !outcome.likelyDuplicates.isEmpty {
                print("likely duplicates: " + outcome.likelyDuplicates.map { "\($0.feature.id) (\(Int($0.distanceMeters)) m)" }.joined(separator: ", "))
            }
            print("proposed departments: " + outcome.proposedDepartments.map { "\($0.code) \($0.nameZH)" }.joined(separator: ", "))
        }
    }

    struct Transition: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply a workflow event to a case.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The case id.") var caseID: String
        @Argument(help: "register, rejectAtRegistration, dispatch, reportHandled, verifyPassed, sendBack, close, escalate, cancel, mergeAsDuplicate.")
        var event: String
        @Option(help: "For dispatch: department:CODE, gridTeam:ID, roadChief:ID or officer:ID; for mergeAsDuplicate: the case merged into; for register: a corrected type.")
        var argument: String?
        @Option(help: "Who did it, if not the operator running the command: kept, labelled, in the note (the history's actor is the operator).")
        var actor: String?
        @Option(help: "A note for the history.") var note = ""

        func run() throws {
            let after = try store.queries().transition(caseID: caseID, event: try CaseEvents.parse(event, argument),
                                                       by: .commandLine("citygrid case transition"),
                                                       note: Caller.note(note, naming: actor))
            print("\(after.id): \(after.status.rawValue) (\(after.status.labelZH))")
        }
    }

    struct ListOverdue: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-overdue", abstract: "Open cases past their deadline.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var asOf: AsOfOption
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let asOf = try asOf.instant()
            let overdue = try store.queries().overdueCases(asOf: asOf)
            if json {
                return try Output.json(overdue.map { ["id": $0.violationCase.id, "type": $0.violationCase.typeCode,
                                                      "status": $0.violationCase.status.rawValue, "due": CityTime.timestamp($0.due)] })
            }
            Output.table(["case", "type", "status", "due"], overdue.map {
                [$0.violationCase.id, $0.violationCase.typeCode, $0.violationCase.status.rawValue, CityTime.timestamp($0.due)]
            })
            print("\(overdue.count) overdue")
        }
    }

    /// Applies a file of transitions (CSV: CASE_ID,EVENT,ARG,ACTOR,NOTE), each in its own
    /// transaction, in order: what a patrol app syncing a day's work sends. Stops at the first
    /// refused step, naming its line; the steps before it stay committed.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply a CSV of case transitions, one transaction each.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "CSV with the header CASE_ID,EVENT,ARG,ACTOR,NOTE.") var file: String

        func run() throws {
            let queries = try store.queries()
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var applied = 0
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where n > 0 {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard f.count >= 4 else { throw ValidationError("\(file):\(n + 1): expected CASE_ID,EVENT,ARG,ACTOR,NOTE") }
                do {
                    _ = try queries.transition(caseID: f[0], event: try CaseEvents.parse(f[1], f[2].isEmpty ? nil : f[2]),
                                               by: .commandLine("citygrid case replay"),
                                               note: Caller.note(f.count > 4 ? f[4] : "", naming: f[3]))
                } catch {
                    FileHandle.standardError.write(Data("\(file):\(n + 1): \(error)\n".utf8))
                    throw ExitCode.failure
                }
                applied += 1
                // Unbuffered, so a watcher (or a test that kills this process) sees each commit.
                FileHandle.standardOutput.write(Data("applied \(applied)\n".utf8))
            }
        }
    }
}

enum CaseEvents {
    static func parse(_ name: String, _ argument: String?) throws -> CaseEvent {
        guard let kind = CaseEvent.Kind(rawValue: name) else {
            throw ValidationError("unknown event '\(name)'; events are \(CaseEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let event = CaseEvent(kind: kind, argument: argument) else {
            throw ValidationError("\(name) needs --argument: \(CaseEvent.argumentHelp(for: kind))")
        }
        return event
    }
}
