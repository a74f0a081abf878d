import Foundation

/// One line of the audit trail: who (the account, never a name typed by the client), when, through
/// which route or command, did or saw what. Writes are recorded in the transaction that makes
/// them, reads of dossiers and personal data right after the answer is made; the store only ever
/// appends them.
public struct AuditEntry: Hashable, Sendable, Codable {
    /// Assigned by the store in commit order; nil before it is stored.
    public var sequence: Int64?
    public var at: Date
    /// The account, nil for the local operator (the command line).
    public var accountID: String?
    /// The account's name or `本机:USER`, as it was when the entry was made.
    public var actor: String
    /// The route (`POST /api/v1/cases`) or command (`citygrid case transition`).
    public var via: String
    public var action: AuditAction
    /// The entity concerned: a layer name (or `accounts`, `tokens`) and an id.
    public var subject: String?
    public var subjectID: String?
    /// What changed or was seen, in a sentence or a small JSON text.
    public var detail: String

    public init(sequence: Int64? = nil, at: Date, accountID: String?, actor: String, via: String, action: AuditAction,
                subject: String? = nil, subjectID: String? = nil, detail: String = "") {
        self.sequence = sequence
        self.at = at
        self.accountID = accountID
        self.actor = actor
        self.via = via
        self.action = action
        self.subject = subject
        self.subjectID = subjectID
        self.detail = detail
    }

    /// An entry made by `principal`.
    public init(by principal: Principal, at: Date, via: String, action: AuditAction, subject: String? = nil,
                subjectID: String? = nil, detail: String = "") {
        self.init(at: at, accountID: principal.accountID, actor: principal.name, via: via, action: action,
                  subject: subject, subjectID: subjectID, detail: detail)
    }
}

/// What an audit entry records.
public enum AuditAction: String, Hashable, Sendable, Codable, CaseIterable {
    case caseReported = "case.report"
    case caseTransitioned = "case.transition"
    case dossierRecordAppended = "dossier.append"
    case photoAttached = "photo.attach"
    case featureWritten = "feature.write"
    case featureDeleted = "feature.delete"
    case layerImported = "layer.import"
    case layerReattributed = "layer.reattribute"
    case accountCreated = "account.create"
    case accountChanged = "account.change"
    case accountDisabled = "account.disable"
    case tokenIssued = "token.issue"
    case tokenRevoked = "token.revoke"
    /// A batch of an officer's GPS fixes (one line per batch, not per fix).
    case positionsRecorded = "officer.positions"
    case subscriptionCreated = "subscription.create"
    case subscriptionDisabled = "subscription.disable"
    /// A dossier was read (一店一档 / 一户一档 with its records).
    case dossierRead = "dossier.read"
    /// An answer carried personal data unredacted (a chief's phone, a holder's name).
    case personalDataRead = "person.read"
}
