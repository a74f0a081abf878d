import CityModel
import CityStore
import Foundation

/// The audit trail: read by auditors only, appended to by every write (in its own batch) and by
/// the server for reads worth recording (dossiers, personal data unredacted).
extension CityQueries {
    /// The lines `filter` admits, newest first unless it asks for the oldest (see `AuditFilter`).
    /// Only the `auditor` role reads them, which `admin` does not grant: the one who administers
    /// is not the one who audits (三员分立). An auditor reads the whole trail, whatever its areas.
    /// The local operator may, as it may read the store's file anyway.
    public func auditTrail(_ filter: AuditFilter, by principal: Principal) throws -> [AuditEntry] {
        guard principal.holds(.auditor) else {
            throw CityQueryError.forbidden(principal: principal.description, action: "read the audit trail", needs: .auditor, area: nil)
        }
        guard filter.limit >= 1, filter.limit <= configuration.maxPageSize else {
            throw CityQueryError.badParameter(name: "limit", value: "\(filter.limit)", reason: "must be between 1 and \(configuration.maxPageSize)")
        }
        return try translated { try store.auditEntries(filter) }
    }

    /// Appends lines recording reads, in one short transaction with no change-log entry, so
    /// that no other writer is made to retry and no follower to catch up. One insert per line:
    /// cheap enough to call per request (the server calls it after making the answer).
    public func recordReads(_ entries: [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        try translated { try store.appendAudit(entries) }
    }
}
