import Foundation

/// What a dossier entry records.
public enum DossierRecordKind: String, CaseIterable, Hashable, Sendable, Codable {
    case survey, inspection, warning, penalty, rectification, licenceChange, notice, demolition, sealing, talk, other

    public var labelZH: String {
        switch self {
        case .survey: "排摸建档"
        case .inspection: "检查"
        case .warning: "警告"
        case .penalty: "处罚"
        case .rectification: "整改"
        case .licenceChange: "证照变更"
        case .notice: "告知"
        case .demolition: "拆除"
        case .sealing: "封堵"
        case .talk: "约谈"
        case .other: "其他"
        }
    }
}

/// One entry of an append-only dossier (一店一档, 一户一档). Attachments are references (file names,
/// object-store keys, document numbers of 一照两证三图), never the documents themselves.
public struct DossierRecord: Hashable, Sendable, Codable {
    public var kind: DossierRecordKind
    public var date: Date
    public var officer: String
    public var note: String
    public var attachments: [String]

    public init(kind: DossierRecordKind, date: Date, officer: String, note: String = "", attachments: [String] = []) {
        self.kind = kind
        self.date = date
        self.officer = officer
        self.note = note
        self.attachments = attachments
    }

    func validate(_ check: EntityCheck, field: String) throws {
        try check.finite(date.timeIntervalSinceReferenceDate, "\(field).date")
        try check.nonEmpty(officer, "\(field).officer")
        for (i, a) in attachments.enumerated() { try check.nonEmpty(a, "\(field).attachments[\(i)]") }
    }
}

/// Checks an append-only history: every entry valid and none earlier than the one before it.
func validateHistory(_ records: [DossierRecord], _ check: EntityCheck, field: String) throws {
    for (i, record) in records.enumerated() {
        try record.validate(check, field: "\(field)[\(i)]")
        if i > 0, record.date < records[i - 1].date {
            throw check.failure("\(field)[\(i)].date", "is earlier than the record before it; history is append-only")
        }
    }
}

/// Appends to an append-only history, refusing a record dated before the last one.
func appendRecord(_ record: DossierRecord, to records: inout [DossierRecord], entity: String, id: String) throws {
    if let last = records.last, record.date < last.date {
        throw CityModelError.outOfOrderRecord(entity: entity, id: id, previous: last.date, appended: record.date)
    }
    records.append(record)
}
