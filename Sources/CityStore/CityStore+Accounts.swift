import CityModel
import Foundation

/// What the store does for accounts and the audit trail beyond its batches: the lines of reads
/// appended on their own, the account directory read fresh from storage (with the last uses
/// memory does not follow), the trail read back, and tokens' last uses written in batches.
extension CityStore {
    /// Appends audit lines without a change-log entry (`CityStorage.appendAudit`).
    public func appendAudit(_ entries: [AuditEntry]) throws { try storage.appendAudit(entries) }

    /// The directory as stored now; memory's (`CityView.accounts`) may be older by the lines
    /// of last use, which no change-log entry announces.
    public func storedAccounts() throws -> AccountDirectory { try storage.loadAccounts() }

    public func auditEntries(_ filter: AuditFilter) throws -> [AuditEntry] { try storage.auditEntries(filter) }

    /// Notes that a token opened its account at `at`. Written in the background with whatever
    /// else is pending, at a token's first use and then at most once a minute per token; a
    /// failed write goes with the next.
    public func noteTokenUse(tokenID: String, at: Date) {
        guard let due = tokenUses.note(tokenID: tokenID, at: at) else { return }
        let storage = self.storage, uses = self.tokenUses
        Self.tokenUseQueue.async {
            do { try storage.recordTokenUse(due) } catch { uses.putBack(due) }
        }
    }

    /// Writes every pending last use now, after the background writes queued before it: for a
    /// server that stops, and for tests.
    public func flushTokenUses() throws {
        Self.tokenUseQueue.sync {}
        let pending = tokenUses.takeAll()
        do {
            try storage.recordTokenUse(pending)
        } catch {
            tokenUses.putBack(pending)
            throw error
        }
    }

    /// One queue for every store's background writes of last uses: they are rare and short.
    static let tokenUseQueue = DispatchQueue(label: "citygrid.token-use")
}
