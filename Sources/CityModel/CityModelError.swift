import Foundation

/// Every failure CityModel reports. Each case says what went wrong and where: the entity and field,
/// the case and workflow event, the data file and JSON path, or the calendar day.
public enum CityModelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A grid code that does not parse or breaks a rule of the code form; `problem` says which.
    case invalidGridCode(text: String, problem: String)
    /// An entity that fails `validate()`: `entity` is the type name, `id` its identifier,
    /// `field` the offending property path (e.g. `footprint.exterior`).
    case invalidEntity(entity: String, id: String, field: String, problem: String)
    /// A workflow event that the case's current state does not allow.
    case illegalTransition(from: CaseStatus, event: CaseEvent.Kind, caseID: String)
    /// A case whose type code is not in the catalogue the workflow was given.
    case unknownCaseType(code: String, caseID: String)
    /// A history entry that would go back in time (dossiers and case histories are append-only).
    case outOfOrderRecord(entity: String, id: String, previous: Date, appended: Date)
    /// A bad data file (case-type catalogue, departments table, holiday schedule): `source` names
    /// the file or "custom data", `path` is a JSON path like `caseTypes[3].deadline.unit`.
    case badDataFile(source: String, path: String, problem: String)
    /// A date the working calendar cannot judge because no published schedule covers its year.
    case calendarNotCovering(year: Int, covered: ClosedRange<Int>)
    /// Automatic grid numbering ran out of the four-digit cell numbers of one community.
    case gridNumberingExhausted(community: String)
    /// A non-finite coordinate handed to a pure rule (numbering, repeat linking).
    case nonFiniteCoordinate(function: String, id: String)
    /// An area of an account (`AreaScope`) that does not parse; `problem` says which part.
    case invalidArea(text: String, problem: String)

    public var description: String {
        switch self {
        case .invalidGridCode(let text, let problem):
            "invalid grid code \"\(text)\": \(problem)"
        case .invalidEntity(let entity, let id, let field, let problem):
            "\(entity) \(id.isEmpty ? "(no id)" : id), field \(field): \(problem)"
        case .illegalTransition(let from, let event, let caseID):
            "case \(caseID): event \(event.rawValue) is not allowed in state \(from.rawValue)"
        case .unknownCaseType(let code, let caseID):
            "case \(caseID): case type \(code) is not in the catalogue"
        case .outOfOrderRecord(let entity, let id, let previous, let appended):
            "\(entity) \(id): record dated \(appended) is earlier than the last record (\(previous)); history is append-only"
        case .badDataFile(let source, let path, let problem):
            "\(source) at \(path.isEmpty ? "(root)" : path): \(problem)"
        case .calendarNotCovering(let year, let covered):
            "working calendar has no published holiday schedule for \(year) (covers \(covered.lowerBound)–\(covered.upperBound))"
        case .gridNumberingExhausted(let community):
            "community \(community) has no free cell number left (0001–9999)"
        case .nonFiniteCoordinate(let function, let id):
            "\(function): non-finite coordinate for \(id)"
        case .invalidArea(let text, let problem):
            "invalid area \"\(text)\": \(problem)"
        }
    }
}
