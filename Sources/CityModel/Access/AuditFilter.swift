import Foundation

/// Which lines of the audit trail to read. Every member narrows; none set reads the newest
/// `limit` lines of all.
///
/// Order: newest first (descending `sequence`) unless `oldestFirst`. Paging: newest first, pass
/// the last line's sequence as `beforeSequence` for the page after; oldest first (a log shipper
/// following the trail), pass it as `afterSequence`.
public struct AuditFilter: Hashable, Sendable, Codable {
    /// Lines of this account.
    public var accountID: String?
    /// Lines whose actor is exactly this (`本机:root` for the command line's, which has no account).
    public var actor: String?
    public var action: AuditAction?
    /// A layer name, `accounts` or `tokens`.
    public var subject: String?
    public var subjectID: String?
    /// At or after this instant.
    public var since: Date?
    /// Strictly before this instant.
    public var until: Date?
    public var afterSequence: Int64?
    public var beforeSequence: Int64?
    /// At most this many lines (1 or more).
    public var limit: Int
    public var oldestFirst: Bool

    public init(accountID: String? = nil, actor: String? = nil, action: AuditAction? = nil, subject: String? = nil,
                subjectID: String? = nil, since: Date? = nil, until: Date? = nil, afterSequence: Int64? = nil,
                beforeSequence: Int64? = nil, limit: Int = 100, oldestFirst: Bool = false) {
        self.accountID = accountID
        self.actor = actor
        self.action = action
        self.subject = subject
        self.subjectID = subjectID
        self.since = since
        self.until = until
        self.afterSequence = afterSequence
        self.beforeSequence = beforeSequence
        self.limit = limit
        self.oldestFirst = oldestFirst
    }

    /// Whether `entry` passes every member but the limit: the rule both storages' SQL follows,
    /// and what the tests hold their answers against.
    public func admits(_ entry: AuditEntry) -> Bool {
        if let accountID, entry.accountID != accountID { return false }
        if let actor, entry.actor != actor { return false }
        if let action, entry.action != action { return false }
        if let subject, entry.subject != subject { return false }
        if let subjectID, entry.subjectID != subjectID { return false }
        if let since, entry.at < since { return false }
        if let until, entry.at >= until { return false }
        if let afterSequence, let s = entry.sequence, s <= afterSequence { return false }
        if let beforeSequence, let s = entry.sequence, s >= beforeSequence { return false }
        return true
    }
}
