import CityModel
import CityStore
import Foundation
import GeoIO

/// The CSV side tables of SCHEMA.md, found beside the layer file as `<base>.<table>.csv` (or
/// `<layer>.<table>.csv` in the same folder): dossier records of storefronts and structures, and
/// case histories, which are replayed through `CaseWorkflow` so that status, assignment and
/// deadline follow from the history and nothing else.
///
/// A table is read and checked whole first (its rows by entity id), then applied entity by entity,
/// so an import can stream its layer past it; rows whose id no record has are reported at the end.
public struct SideTables {
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

    /// The side table this layer's entities take, read; nil when the layer has none.
    func prepared() throws(CityImportError) -> PreparedSideTable? {
        var tables: [PreparedSideTable] = []
        switch layer {
        case .storefronts, .structures:
            if let table = table("records") { tables.append(.records(try DossierTable(path: table, layer: layer))) }
        case .cases:
            // Every case gets its `report` transition, with a history table or without.
            tables.append(.history(try CaseHistoryTable(path: table("history"))))
        default:
            break
        }
        if PhotoTable.layers.contains(layer), let table = table("photos") { tables.append(.photos(try PhotoTable(path: table, layer: layer))) }
        return tables.count > 1 ? .several(tables) : tables.first
    }

    /// The photos' bytes from the folder beside the layer's photo table, into the store's photo
    /// folder: what an import does before it commits (`citygrid import`, `DirectoryLoader.load`).
    public static func stagePhotos(layer: Layer, path: String, storage: any CityStorage) throws(CityImportError) {
        try SideTables(path: path, layer: layer).stagePhotos(into: PhotoLibrary.beside(storage))
    }

    /// The photos' bytes from the folder beside the photo table, into `library` (before the commit).
    func stagePhotos(into library: PhotoLibrary?) throws(CityImportError) {
        guard PhotoTable.layers.contains(layer), let table = table("photos") else { return }
        try PhotoTable(path: table, layer: layer).stageBytes(into: library)
    }

    /// Applies the side table to every entity of an import read whole.
    func apply(to result: inout LayerContents) throws(CityImportError) {
        guard let table = try prepared() else { return }
        var matched = Set<String>()
        for i in result.entities.indices {
            let rows = try table.apply(to: &result.entities[i])
            if rows.matched { matched.insert(result.entities[i].id) }
            result.dossierRecords += rows.dossierRecords
            result.transitions += rows.transitions
        }
        if let error = table.unmatched(matched) { throw error }
        result.report.dossierRecords = result.dossierRecords.count
        result.report.caseTransitions = result.transitions.count
    }

    /// Each row of a side table as (line, column → text), read as the file is: a case-history
    /// table runs to millions of rows, and holding all of them as dictionaries before keeping
    /// what they say cost gigabytes.
    static func forEachRow(_ table: String, layer: Layer, columns required: [String],
                           _ body: (Int, [String: String]) throws(CityImportError) -> Void) throws(CityImportError) {
        let reader: CSVReader
        do { reader = try CSVReader(path: table) } catch { throw .read(error) }
        let upper = Dictionary(reader.header.map { ($0.uppercased(), $0) }, uniquingKeysWith: { a, _ in a })
        for c in required where upper[c] == nil {
            throw .missingField(path: table, layer: layer, field: c, columns: reader.header)
        }
        while true {
            let feature: SourceFeature?
            do { feature = try reader.nextFeature() } catch { throw .read(error) }
            guard let f = feature else { return }
            var cells: [String: String] = [:]
            for a in f.attributes { cells[a.name.uppercased()] = a.value.flatText ?? "" }
            try body(f.recordNumber, cells)
        }
    }
}

/// A side table read and checked, applied one entity at a time (from any thread).
indirect enum PreparedSideTable: Sendable {
    case records(DossierTable)
    case history(CaseHistoryTable)
    case photos(PhotoTable)
    /// A layer with more than one table (a shop's records and its photos).
    case several([PreparedSideTable])

    struct Rows {
        var dossierRecords: [DossierRecordRow] = []
        var transitions: [CaseTransitionRow] = []
        /// The table had rows for this entity.
        var matched = false
    }

    func apply(to entity: inout LayerEntity) throws(CityImportError) -> Rows {
        switch self {
        case .records(let table): return try table.apply(to: &entity)
        case .history(let table): return try table.apply(to: &entity)
        case .photos(let table): return table.apply(to: &entity)
        case .several(let tables):
            var rows = Rows()
            for table in tables {
                let r = try table.apply(to: &entity)
                rows.dossierRecords += r.dossierRecords
                rows.transitions += r.transitions
                rows.matched = rows.matched || r.matched
            }
            return rows
        }
    }

    /// The error for the first row (by line) whose entity no record of the layer has.
    func unmatched(_ matched: Set<String>) -> CityImportError? {
        switch self {
        case .records(let table): table.unmatched(matched)
        case .history(let table): table.unmatched(matched)
        case .photos(let table): table.unmatched(matched)
        case .several(let tables): tables.lazy.compactMap { $0.unmatched(matched) }.first
        }
    }
}

/// 一店一档 / 一户一档 rows of a storefront or structure layer, by entity id.
struct DossierTable: Sendable {
    let path: String
    let layer: Layer
    /// Each entity's rows in date order (stable for equal dates: a table has no order of its own).
    private var byID: [String: [(line: Int, record: DossierRecord, row: DossierRecordRow)]] = [:]
    private var ids: [(line: Int, id: String)] = []

    init(path: String, layer: Layer) throws(CityImportError) {
        self.path = path
        self.layer = layer
        var byID: [String: [(line: Int, record: DossierRecord, row: DossierRecordRow)]] = [:]
        var ids: [(line: Int, id: String)] = []
        try SideTables.forEachRow(path, layer: layer, columns: ["ENTITY_ID", "KIND", "DATE"]) { line, cells throws(CityImportError) in
            let id = cells["ENTITY_ID"] ?? ""
            func bad(_ reason: String) -> CityImportError { .badSideTableRow(path: path, line: line, entity: id.isEmpty ? "(no id)" : id, reason: reason) }
            guard let kind = DossierRecordKind(rawValue: cells["KIND"] ?? "") else {
                throw bad("KIND '\(cells["KIND"] ?? "")' is not one of \(DossierRecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let date = CityTime.parse(cells["DATE"] ?? "") else { throw bad("DATE '\(cells["DATE"] ?? "")' is not an ISO 8601 date or date-time") }
            let attachments = (cells["ATTACHMENTS"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let record = DossierRecord(kind: kind, date: date, officer: cells["OFFICER"] ?? "", note: cells["NOTE"] ?? "", attachments: attachments)
            if byID[id] == nil { ids.append((line, id)) }
            byID[id, default: []].append((line, record, DossierRecordRow(layer: layer, entityID: id, kind: kind.rawValue,
                                                                          date: CityTime.timestamp(date), officer: record.officer,
                                                                          note: record.note, attachments: attachments)))
        }
        for (id, rows) in byID {
            byID[id] = rows.enumerated().sorted { ($0.element.record.date, $0.offset) < ($1.element.record.date, $1.offset) }.map(\.element)
        }
        self.byID = byID
        self.ids = ids
    }

    func apply(to entity: inout LayerEntity) throws(CityImportError) -> PreparedSideTable.Rows {
        guard let rows = byID[entity.id] else { return .init() }
        for (line, record, _) in rows {
            do {
                switch entity {
                case .storefront(var s): try s.append(record); entity = .storefront(s)
                case .structure(var s): try s.append(record); entity = .structure(s)
                default: break
                }
                try entity.validate()
            } catch {
                throw .badSideTableRow(path: path, line: line, entity: entity.id, reason: "\(error)")
            }
        }
        return .init(dossierRecords: rows.map(\.row), matched: true)
    }

    func unmatched(_ matched: Set<String>) -> CityImportError? {
        guard let (line, id) = ids.first(where: { !matched.contains($0.id) }) else { return nil }
        return .badSideTableRow(path: path, line: line, entity: id.isEmpty ? "(no id)" : id, reason: "no \(layer.rawValue) record has id \(id)")
    }
}

/// The history rows of a cases layer, by case id, replayed through the workflow case by case.
struct CaseHistoryTable: Sendable {
    let path: String?
    private let workflow: CaseWorkflow
    private var byID: [String: [Row]] = [:]
    private var ids: [(line: Int, id: String)] = []

    struct Row: Sendable {
        let line: Int
        let actor: String
        let eventName: String
        let note: String
        /// nil for the `report` row, which names the reporter only.
        let event: CaseEvent?
        let at: Date?
    }

    init(path: String?) throws(CityImportError) {
        self.path = path
        do {
            let catalogue = try CaseTypeCatalogue.bundled()
            workflow = CaseWorkflow(catalogue: catalogue, departments: try DepartmentTable.bundled(catalogue: catalogue))
        } catch {
            throw .badArgument(parameter: "case catalogue", reason: "\(error)")
        }
        guard let path else { return }
        var byID: [String: [Row]] = [:]
        var ids: [(line: Int, id: String)] = []
        try SideTables.forEachRow(path, layer: .cases, columns: ["CASE_ID", "AT", "ACTOR", "EVENT"]) { line, cells throws(CityImportError) in
            let id = cells["CASE_ID"] ?? ""
            func bad(_ reason: String) -> CityImportError { .badSideTableRow(path: path, line: line, entity: id.isEmpty ? "(no id)" : id, reason: reason) }
            let eventName = cells["EVENT"] ?? ""
            var row = Row(line: line, actor: cells["ACTOR"] ?? "", eventName: eventName, note: cells["NOTE"] ?? "", event: nil, at: nil)
            if eventName != "report" {
                guard let at = CityTime.parse(cells["AT"] ?? "") else { throw bad("AT '\(cells["AT"] ?? "")' is not an ISO 8601 date-time") }
                row = Row(line: line, actor: row.actor, eventName: eventName, note: row.note,
                          event: try Self.event(eventName, argument: cells["ARG"] ?? "", bad), at: at)
            }
            if byID[id] == nil { ids.append((line, id)) }
            byID[id, default: []].append(row)
        }
        self.byID = byID
        self.ids = ids
    }

    /// Replays the case's rows (file order) and returns its audit rows, `report` first.
    func apply(to entity: inout LayerEntity) throws(CityImportError) -> PreparedSideTable.Rows {
        guard case .violationCase(var c) = entity else { return .init() }
        let rows = byID[c.id] ?? []
        var reporter = "import"
        var transitions: [CaseTransitionRow] = []
        for row in rows {
            guard let event = row.event, let at = row.at else {
                if !row.actor.isEmpty { reporter = row.actor }
                continue
            }
            let before = c.status
            do {
                c = try workflow.apply(event, to: c, by: row.actor, at: at, note: row.note)
            } catch {
                throw .badSideTableRow(path: path ?? "", line: row.line, entity: c.id, reason: "the workflow refuses \(row.eventName): \(error)")
            }
            transitions.append(CaseTransitionRow(caseID: c.id, at: CityTime.timestamp(at), actor: row.actor, event: row.eventName,
                                                 fromStatus: before.rawValue, toStatus: c.status.rawValue, note: row.note))
        }
        let report = CaseTransitionRow(caseID: c.id, at: CityTime.timestamp(c.reportedAt), actor: reporter, event: "report",
                                       fromStatus: nil, toStatus: CaseStatus.reported.rawValue, note: c.description)
        entity = .violationCase(c)
        return .init(transitions: [report] + transitions, matched: !rows.isEmpty)
    }

    func unmatched(_ matched: Set<String>) -> CityImportError? {
        guard let path, let (line, id) = ids.first(where: { !matched.contains($0.id) }) else { return nil }
        return .badSideTableRow(path: path, line: line, entity: id.isEmpty ? "(no id)" : id, reason: "no case record has id \(id)")
    }

    /// A history row's event: EVENT is a `CaseEvent.Kind` raw value, ARG its argument.
    static func event(_ name: String, argument: String, _ bad: (String) -> CityImportError) throws(CityImportError) -> CaseEvent {
        guard let kind = CaseEvent.Kind(rawValue: name) else {
            throw bad("EVENT '\(name)' is not one of \(CaseEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let event = CaseEvent(kind: kind, argument: argument) else {
            throw bad("ARG '\(argument)' of \(name) must be \(CaseEvent.argumentHelp(for: kind))")
        }
        return event
    }
}
