import CityModel
import CityStore
import Foundation
import GeoIO

/// The CSV side tables of SCHEMA.md, found beside the layer file as `<base>.<table>.csv` (or
/// `<layer>.<table>.csv` in the same folder): dossier records of storefronts and structures, and
/// case histories, which are replayed through `CaseWorkflow` so that status, assignment and
/// deadline follow from the history and nothing else.
struct SideTables {
    let path: String
    let layer: Layer

    func table(_ name: String) -> String? {
        let base = (path as NSString).deletingPathExtension
        let dir = (path as NSString).deletingLastPathComponent
        for candidate in [base + ".\(name).csv", (dir as NSString).appendingPathComponent("\(layer.rawValue).\(name).csv")]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return nil
    }

    func apply(to result: inout LayerImport) throws {
        switch layer {
        case .storefronts, .structures:
            if let table = table("records") { try applyRecords(table, to: &result) }
        case .cases:
            try applyHistory(table("history"), to: &result)
        default:
            break
        }
    }

    /// Rows of a side table as (line, column → text).
    private func rows(_ table: String, columns required: [String]) throws -> [(line: Int, cells: [String: String])] {
        let reader: CSVReader
        do { reader = try CSVReader(path: table) } catch { throw CityImportError.read(error) }
        let upper = Dictionary(reader.header.map { ($0.uppercased(), $0) }, uniquingKeysWith: { a, _ in a })
        for c in required where upper[c] == nil {
            throw CityImportError.missingField(path: table, layer: layer, field: c, columns: reader.header)
        }
        var out: [(Int, [String: String])] = []
        do {
            while let f = try reader.nextFeature() {
                var cells: [String: String] = [:]
                for a in f.attributes { cells[a.name.uppercased()] = a.value.flatText ?? "" }
                out.append((f.recordNumber, cells))
            }
        } catch {
            throw CityImportError.read(error)
        }
        return out
    }

    private func applyRecords(_ table: String, to result: inout LayerImport) throws {
        let dates = FlatDates()
        var index: [String: Int] = [:]
        for (i, e) in result.entities.enumerated() { index[e.id] = i }
        var byEntity: [Int: [(line: Int, record: DossierRecord)]] = [:]
        for (line, cells) in try rows(table, columns: ["ENTITY_ID", "KIND", "DATE"]) {
            let id = cells["ENTITY_ID"] ?? ""
            func bad(_ reason: String) -> CityImportError { .badSideTableRow(path: table, line: line, entity: id.isEmpty ? "(no id)" : id, reason: reason) }
            guard let i = index[id] else { throw bad("no \(layer.rawValue) record has id \(id)") }
            guard let kind = DossierRecordKind(rawValue: cells["KIND"] ?? "") else {
                throw bad("KIND '\(cells["KIND"] ?? "")' is not one of \(DossierRecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let date = dates.date(cells["DATE"] ?? "") else { throw bad("DATE '\(cells["DATE"] ?? "")' is not an ISO 8601 date or date-time") }
            let attachments = (cells["ATTACHMENTS"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            byEntity[i, default: []].append((line, DossierRecord(kind: kind, date: date, officer: cells["OFFICER"] ?? "",
                                                                 note: cells["NOTE"] ?? "", attachments: attachments)))
        }
        for (i, rows) in byEntity.sorted(by: { $0.key < $1.key }) {
            // A table has no order of its own: each entity's records go in by date (stable for equal dates).
            let sorted = rows.enumerated().sorted { ($0.element.record.date, $0.offset) < ($1.element.record.date, $1.offset) }.map(\.element)
            for (line, record) in sorted {
                do {
                    switch result.entities[i] {
                    case .storefront(var s): try s.append(record); result.entities[i] = .storefront(s)
                    case .structure(var s): try s.append(record); result.entities[i] = .structure(s)
                    default: break
                    }
                    try result.entities[i].validate()
                } catch {
                    throw CityImportError.badSideTableRow(path: table, line: line, entity: result.entities[i].id, reason: "\(error)")
                }
                result.dossierRecords.append(DossierRecordRow(layer: layer, entityID: result.entities[i].id, kind: record.kind.rawValue,
                                                              date: dates.timestamp(record.date), officer: record.officer,
                                                              note: record.note, attachments: record.attachments))
            }
        }
        result.report.dossierRecords = result.dossierRecords.count
    }

    private func applyHistory(_ table: String?, to result: inout LayerImport) throws {
        let dates = FlatDates()
        let catalogue = try CaseTypeCatalogue.bundled()
        let workflow = CaseWorkflow(catalogue: catalogue, departments: try DepartmentTable.bundled(catalogue: catalogue))
        var index: [String: Int] = [:]
        for (i, e) in result.entities.enumerated() { index[e.id] = i }
        var byCase: [Int: [(line: Int, cells: [String: String])]] = [:]
        if let table {
            for row in try rows(table, columns: ["CASE_ID", "AT", "ACTOR", "EVENT"]) {
                let id = row.cells["CASE_ID"] ?? ""
                guard let i = index[id] else {
                    throw CityImportError.badSideTableRow(path: table, line: row.line, entity: id.isEmpty ? "(no id)" : id,
                                                          reason: "no case record has id \(id)")
                }
                byCase[i, default: []].append(row)
            }
        }
        for i in result.entities.indices {
            guard case .violationCase(var c) = result.entities[i] else { continue }
            var reporter = "import"
            var transitions: [CaseTransitionRow] = []
            for (line, cells) in byCase[i] ?? [] {
                func bad(_ reason: String) -> CityImportError { .badSideTableRow(path: table ?? "", line: line, entity: c.id, reason: reason) }
                let eventName = cells["EVENT"] ?? ""
                if eventName == "report" {
                    if let actor = cells["ACTOR"], !actor.isEmpty { reporter = actor }
                    continue
                }
                guard let at = dates.date(cells["AT"] ?? "") else { throw bad("AT '\(cells["AT"] ?? "")' is not an ISO 8601 date-time") }
                let event = try Self.event(eventName, argument: cells["ARG"] ?? "", bad)
                let before = c.status
                do {
                    c = try workflow.apply(event, to: c, by: cells["ACTOR"] ?? "", at: at, note: cells["NOTE"] ?? "")
                } catch {
                    throw bad("the workflow refuses \(eventName): \(error)")
                }
                transitions.append(CaseTransitionRow(caseID: c.id, at: dates.timestamp(at), actor: cells["ACTOR"] ?? "", event: eventName,
                                                     fromStatus: before.rawValue, toStatus: c.status.rawValue, note: cells["NOTE"] ?? ""))
            }
            result.transitions.append(CaseTransitionRow(caseID: c.id, at: dates.timestamp(c.reportedAt), actor: reporter, event: "report",
                                                        fromStatus: nil, toStatus: CaseStatus.reported.rawValue, note: c.description))
            result.transitions += transitions
            result.entities[i] = .violationCase(c)
        }
        result.report.caseTransitions = result.transitions.count
    }

    /// A history row's event: EVENT is a `CaseEvent.Kind` raw value, ARG its argument.
    static func event(_ name: String, argument: String, _ bad: (String) -> CityImportError) throws -> CaseEvent {
        guard let kind = CaseEvent.Kind(rawValue: name) else {
            throw bad("EVENT '\(name)' is not one of \(CaseEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let event = CaseEvent(kind: kind, argument: argument) else {
            throw bad("ARG '\(argument)' of \(name) must be \(CaseEvent.argumentHelp(for: kind))")
        }
        return event
    }
}
