import CityModel
import Foundation
import GeoCore
import Testing
import TestSupport
@testable import CityStore

/// Accounts, tokens and the audit trail, checked by the same code on SQLite and PostgreSQL: they
/// read back as written, the trail refuses changes in the database itself, lands only with its
/// batch, and is filtered as a brute-force filter of every line says.
struct AccountStorageTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000.123)

    static func account(_ id: String, roles: Set<Role> = [.officer], areas: [AreaScope] = [.subDistrict(district: 310101, number: 18)],
                        disabledAt: Date? = nil) -> Account {
        Account(id: id, name: "巡查员 \(id)", unit: "豫园街道中队", roles: roles, areas: areas, createdAt: t0, disabledAt: disabledAt)
    }

    static func token(_ id: String, of account: String, digest: String? = nil, revokedAt: Date? = nil, lastUsedAt: Date? = nil) -> AccountToken {
        AccountToken(id: id, accountID: account, digest: digest ?? String(repeating: id.last.map(String.init) ?? "0", count: 64),
                     createdAt: t0.addingTimeInterval(1), expiresAt: t0.addingTimeInterval(86_400 * 365.5),
                     lastUsedAt: lastUsedAt, revokedAt: revokedAt)
    }

    static func line(_ i: Int, action: AuditAction = .caseTransitioned, account: String? = "u-0001") -> AuditEntry {
        AuditEntry(at: t0.addingTimeInterval(Double(i) * 61.007), accountID: account, actor: account.map { "巡查员 \($0)" } ?? "本机:root",
                   via: "POST /api/v1/cases/C\(i)/transitions", action: action, subject: "cases", subjectID: "C\(i % 5)",
                   detail: #"{"event":"dispatch","引号":"\""}"#)
    }

    @Test(arguments: StorageBackend.available)
    func accountsAndTokensReadBackAsWrittenInMemoryAndAfterReopening(backend: StorageBackend) throws {
        let place = try backend.place()
        let store = try place.store()
        let cells = AreaScope.cells([try GridCode(parsing: "310101-018-003-0007"), try GridCode(parsing: "310101-018-003-0008")])
        let accounts = [Self.account("u-0001"),
                        Self.account("u-0002", roles: [.dispatcher, .officer], areas: [.district(310101), cells, .chief("RC-1")],
                                     disabledAt: Self.t0.addingTimeInterval(5))]
        let tokens = [Self.token("t-1", of: "u-0001"), Self.token("t-2", of: "u-0001", revokedAt: Self.t0.addingTimeInterval(9)),
                      Self.token("t-3", of: "u-0002", lastUsedAt: Self.t0.addingTimeInterval(7))]
        var batch = WriteBatch()
        accounts.forEach { batch.put($0) }
        tokens.forEach { batch.put($0) }
        try store.commit(batch)
        let expected = AccountDirectory(accounts: accounts.map { var a = $0; a.createdAt = StoredTime.rounded(a.createdAt); return a },
                                        tokens: tokens)
        #expect(store.read { $0.accounts } == expected)
        #expect(try place.store().read { $0.accounts } == expected)
        #expect(try store.storedAccounts() == expected)
        #expect(expected.tokens(of: "u-0001").map(\.id) == ["t-1", "t-2"])
    }

    @Test(arguments: StorageBackend.available)
    func theAuditTrailRefusesUpdatesAndDeletesInTheDatabaseItself(backend: StorageBackend) throws {
        let place = try backend.place()
        let store = try place.store()
        try store.appendAudit([Self.line(1), Self.line(2)])
        #expect(throws: (any Error).self) {
            try place.executeRaw(sqlite: "UPDATE audit SET actor = 'someone else'", postgresql: "UPDATE audit SET actor = 'someone else'")
        }
        #expect(throws: (any Error).self) {
            try place.executeRaw(sqlite: "DELETE FROM audit WHERE sequence = 1", postgresql: "DELETE FROM audit WHERE sequence = 1")
        }
        if backend == .postgresql {
            #expect(throws: (any Error).self) { try place.executeRaw(sqlite: "", postgresql: "TRUNCATE audit") }
        }
        let lines = try store.auditEntries(AuditFilter(oldestFirst: true))
        #expect(lines.map(\.actor) == [Self.line(1).actor, Self.line(2).actor])
        #expect(lines.map(\.sequence) == [1, 2])
        // Appending is allowed to anyone, as before.
        try place.executeRaw(sqlite: "INSERT INTO audit (at, actor, via, action) VALUES ('2026-12-01T00:00:00.000Z', 'x', 'sqlite3', 'feature.write')",
                             postgresql: "INSERT INTO audit (at, actor, via, action) VALUES (now(), 'x', 'psql', 'feature.write')")
        #expect(try store.auditEntries(AuditFilter()).count == 3)
    }

    @Test(arguments: StorageBackend.available)
    func aLineLandsWithItsBatchOrNotAtAll(backend: StorageBackend) throws {
        let place = try backend.place()
        let store = try place.store()
        var first = WriteBatch()
        first.insert(StoredFeature(layer: .cases, id: "C1", geometry: .point(Point(x: 1, y: 1))))
        first.record(Self.line(1))
        try store.commit(first)

        var failing = WriteBatch()
        failing.record(Self.line(2, action: .featureWritten))
        failing.put(Self.account("u-0009"))
        failing.insert(StoredFeature(layer: .cases, id: "C1", geometry: .point(Point(x: 2, y: 2))))   // a duplicate: the batch fails
        #expect(throws: StoreError.self) { try store.commit(failing) }
        var orphanToken = WriteBatch()
        orphanToken.record(Self.line(3, action: .tokenIssued))
        orphanToken.put(Self.token("t-9", of: "u-nobody"))   // no such account: refused by the foreign key
        #expect(throws: StoreError.self) { try store.commit(orphanToken) }

        #expect(try store.auditEntries(AuditFilter()).map(\.action) == [.caseTransitioned])
        #expect(try store.storedAccounts() == AccountDirectory())
        #expect(store.read { $0.accounts } == AccountDirectory())
    }

    @Test(arguments: StorageBackend.available)
    func appendingLinesAndLastUsesWritesNoChangeLogEntry(backend: StorageBackend) throws {
        let place = try backend.place()
        let store = try place.store()
        var batch = WriteBatch()
        batch.put(Self.account("u-0001"))
        batch.put(Self.token("t-1", of: "u-0001"))
        try store.commit(batch)
        let end = try store.storage.logEnd()
        try store.appendAudit([Self.line(1, action: .dossierRead)])
        let later = Self.t0.addingTimeInterval(3_600)
        try store.storage.recordTokenUse(["t-1": later, "t-unknown": later])
        #expect(try store.storage.logEnd() == end)
        #expect(try store.storedAccounts().token(id: "t-1")?.lastUsedAt == StoredTime.rounded(later))
        // Never set back: not by an older use, nor by a revocation decided on an older directory.
        try store.storage.recordTokenUse(["t-1": Self.t0])
        var revoke = WriteBatch()
        revoke.put(Self.token("t-1", of: "u-0001", revokedAt: later.addingTimeInterval(1), lastUsedAt: nil))
        try store.commit(revoke)
        let stored = try #require(try store.storedAccounts().token(id: "t-1"))
        #expect(stored.lastUsedAt == StoredTime.rounded(later))
        #expect(stored.revokedAt == StoredTime.rounded(later.addingTimeInterval(1)))
    }

    /// Every filter against the brute-force rule (`AuditFilter.admits`) over every line, in both
    /// orders, paged to the end.
    @Test(arguments: StorageBackend.available)
    func filtersAnswerAsTheBruteForceRule(backend: StorageBackend) throws {
        let place = try backend.place()
        let store = try place.store()
        var random = SplitMix64(seed: TestSeed.value("AccountStorageTests.filters", default: 20261204))
        let accounts: [String?] = ["u-0001", "u-0002", nil]
        var lines: [AuditEntry] = []
        for i in 0..<120 {
            var line = Self.line(i, action: AuditAction.allCases[Int(random.next() % UInt64(AuditAction.allCases.count))],
                                 account: accounts[Int(random.next() % 3)])
            line.subject = ["cases", "storefronts", "tokens"][Int(random.next() % 3)]
            line.at = Self.t0.addingTimeInterval(Double(random.next() % 10_000))
            lines.append(line)
        }
        // Half in batches with a write, half appended alone: both number lines in one sequence.
        for chunk in stride(from: 0, to: lines.count, by: 10) {
            let part = Array(lines[chunk..<chunk + 10])
            if chunk % 20 == 0 {
                try store.appendAudit(part)
            } else {
                var batch = WriteBatch()
                batch.upsert(StoredFeature(layer: .cases, id: "C\(chunk)", geometry: nil))
                part.forEach { batch.record($0) }
                try store.commit(batch)
            }
        }
        let all = try store.auditEntries(AuditFilter(limit: 1_000, oldestFirst: true))
        #expect(all.map(\.sequence) == (1...120).map { Int64($0) })
        #expect(all.map { var l = $0; l.sequence = nil; return l } == lines.map { var l = $0; l.at = StoredTime.rounded(l.at); return l })

        var filters = [AuditFilter(), AuditFilter(accountID: "u-0001"), AuditFilter(actor: "本机:root"), AuditFilter(action: .dossierRead),
                       AuditFilter(subject: "tokens", subjectID: "C3"), AuditFilter(afterSequence: 100), AuditFilter(beforeSequence: 7)]
        for _ in 0..<30 {
            let a = Self.t0.addingTimeInterval(Double(random.next() % 10_000)), b = Self.t0.addingTimeInterval(Double(random.next() % 10_000))
            filters.append(AuditFilter(accountID: random.next() % 2 == 0 ? "u-0002" : nil, subject: random.next() % 2 == 0 ? "cases" : nil,
                                       since: min(a, b), until: max(a, b), limit: 1 + Int(random.next() % 7)))
        }
        for var filter in filters {
            for oldestFirst in [false, true] {
                filter.oldestFirst = oldestFirst
                let admitted = all.filter(filter.admits)
                let expected = oldestFirst ? admitted : admitted.reversed()
                #expect(try store.auditEntries(filter) == Array(expected.prefix(filter.limit)), "\(filter)")
                // Paged to the end, the pages put together are every admitted line.
                var paged: [AuditEntry] = [], page = filter
                while true {
                    let got = try store.auditEntries(page)
                    paged += got
                    guard got.count == page.limit, let last = got.last?.sequence else { break }
                    if oldestFirst { page.afterSequence = last } else { page.beforeSequence = last }
                }
                #expect(paged == expected, "\(filter)")
            }
        }
    }

    /// A token valid in two stores on one storage; revoked through one, the other stops seeing it
    /// valid as soon as it catches up, and in any `update` (which always catches up first).
    @Test(arguments: StorageBackend.available)
    func aRevocationThroughOneStoreReachesTheOther(backend: StorageBackend) throws {
        let place = try backend.place()
        let a = try place.store(), b = try place.store()
        var batch = WriteBatch()
        batch.put(Self.account("u-0001"))
        batch.put(Self.token("t-1", of: "u-0001"))
        try a.commit(batch)
        try b.catchUp()
        let now = Self.t0.addingTimeInterval(10)
        #expect(b.read { $0.accounts.token(digest: Self.token("t-1", of: "u-0001").digest)?.isValid(at: now) } == true)

        var revoke = WriteBatch()
        revoke.put(Self.token("t-1", of: "u-0001", revokedAt: now))
        revoke.record(Self.line(1, action: .tokenRevoked))
        try a.commit(revoke)
        #expect(a.read { $0.accounts.token(id: "t-1")?.isValid(at: now) } == false)
        // Not yet caught up, b still has the old directory; its next update decides on the new one.
        #expect(b.read { $0.accounts.token(id: "t-1")?.isValid(at: now) } == true)
        let seenInUpdate = try b.update { view in (WriteBatch(), view.accounts.token(id: "t-1")?.isValid(at: now)) }
        #expect(seenInUpdate == false)
        #expect(b.read { $0.accounts.token(id: "t-1")?.revokedAt } == StoredTime.rounded(now))

        // And a follower that only catches up (a server's WriteFollower) sees the disabling too.
        var disable = WriteBatch()
        disable.put(Self.account("u-0001", disabledAt: now))
        try a.commit(disable)
        #expect(try b.storage.waitForChanges(after: b.appliedSequence, timeout: .seconds(5)))
        try b.catchUp()
        #expect(b.read { $0.accounts.account(id: "u-0001")?.disabledAt } == StoredTime.rounded(now))
    }

    @Test func aChangeLogEntryWithoutAccountsStillReadsAndOneWithThemRoundTrips() throws {
        let old = try ChangeLogEntry(json: #"{"reloaded":[],"touched":{"cases":["C1"]}}"#, sequence: 1)
        #expect(old == ChangeLogEntry(touched: [.cases: ["C1"]]))
        #expect(!old.json.contains("accounts"))
        var batch = WriteBatch()
        batch.put(Self.token("t-1", of: "u-0001"))
        let entry = ChangeLogEntry(batch)
        #expect(entry.accounts && entry.json.contains(#""accounts":true"#))
        #expect(try ChangeLogEntry(json: entry.json, sequence: 2) == entry)
        var merged = old
        merged.merge(entry)
        #expect(merged.accounts)
        var auditOnly = WriteBatch()
        auditOnly.record(Self.line(1))
        #expect(!ChangeLogEntry(auditOnly).accounts)
    }

    @Test func storedTimeKeepsMillisecondsExactly() {
        var random = SplitMix64(seed: TestSeed.value("AccountStorageTests.storedTime", default: 7))
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double(random.next() % 4_000_000_000_000) / 1000 - 1_000_000)
            let text = StoredTime.text(date)
            #expect(StoredTime.date(text: text) == StoredTime.rounded(date), "\(text)")
            #expect(StoredTime.text(StoredTime.rounded(date)) == text)
        }
        // date -u -d @1796000000
        #expect(StoredTime.text(Date(timeIntervalSince1970: 1_796_000_000.123)) == "2026-11-30T00:53:20.123Z")
    }
}
