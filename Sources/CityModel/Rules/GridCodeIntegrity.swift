import Foundation

/// A problem with the codes of a grid layer.
public enum GridCodeIssue: Hashable, Sendable, CustomStringConvertible {
    /// The record has no code at all (number it with `GridNumbering`).
    case missing(recordID: String)
    /// The code text does not parse; `problem` is what `GridCode(parsing:)` said.
    case malformed(recordID: String, text: String, problem: String)
    /// Several records share one code.
    case duplicate(code: GridCode, recordIDs: [String])
    /// The code's community differs from the community the record is filed under.
    case wrongCommunity(recordID: String, code: GridCode, expected: CommunityCode)

    public var description: String {
        switch self {
        case .missing(let id): "record \(id): no grid code"
        case .malformed(let id, let text, let problem): "record \(id): grid code \"\(text)\" \(problem)"
        case .duplicate(let code, let ids): "grid code \(code) is used by \(ids.count) records: \(ids.joined(separator: ", "))"
        case .wrongCommunity(let id, let code, let expected): "record \(id): code \(code) is not in community \(expected)"
        }
    }
}

/// One row of a grid layer as imported: its record id, code text and, when the source says so,
/// the community it belongs to.
public struct GridCodeRecord: Hashable, Sendable {
    public var id: String
    public var codeText: String?
    public var community: CommunityCode?

    public init(id: String, codeText: String?, community: CommunityCode? = nil) {
        self.id = id
        self.codeText = codeText
        self.community = community
    }
}

/// Checks of code form and uniqueness over a whole grid layer. Overlaps and gaps between cells
/// are topology and need GEOS; they are checked elsewhere.
public enum GridCodeIntegrity {
    /// Every issue, in record order; duplicates once per code, after the per-record issues, by code.
    public static func issues(in records: [GridCodeRecord]) -> [GridCodeIssue] {
        var issues: [GridCodeIssue] = []
        var byCode: [GridCode: [String]] = [:]
        for record in records {
            guard let text = record.codeText?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                issues.append(.missing(recordID: record.id))
                continue
            }
            do {
                let code = try GridCode(parsing: text)
                byCode[code, default: []].append(record.id)
                if let expected = record.community, expected != code.communityCode {
                    issues.append(.wrongCommunity(recordID: record.id, code: code, expected: expected))
                }
            } catch CityModelError.invalidGridCode(_, let problem) {
                issues.append(.malformed(recordID: record.id, text: text, problem: problem))
            } catch {
                issues.append(.malformed(recordID: record.id, text: text, problem: "\(error)"))
            }
        }
        for (code, ids) in byCode.sorted(by: { $0.key < $1.key }) where ids.count > 1 {
            issues.append(.duplicate(code: code, recordIDs: ids))
        }
        return issues
    }

    /// Codes used by more than one cell (codes of `GridCell` already have a valid form).
    public static func duplicateCodes(in cells: [GridCell]) -> [GridCode] {
        var counts: [GridCode: Int] = [:]
        for cell in cells { counts[cell.code, default: 0] += 1 }
        return counts.filter { $0.value > 1 }.keys.sorted()
    }
}
