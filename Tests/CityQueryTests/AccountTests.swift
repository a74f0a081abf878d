import CityModel
@testable import CityQuery
import Foundation
import Testing
import TestSupport
@testable import CityStore

/// Accounts and tokens through CityQuery: secrets as promised and never stored, who may manage
/// accounts and hand on what, signing in closed by revocation, expiry and disabling (in another
/// store on the same storage too), and every change with its audit line.
struct AccountTests {
    static let local = Principal(.localOperator(user: "tester"))
    static let yuyuan = AreaScope.subDistrict(district: 310101, number: 18)

    static func principal(_ roles: Set<Role>, _ areas: [AreaScope]) -> Principal {
        Principal(.account(Account(id: "u-x", name: "某人", unit: "", roles: roles, areas: areas, createdAt: Date()), tokenID: "t-x"))
    }

    static func forbidden(needs role: Role) -> (any Error) -> Bool {
        { error in
            if case CityQueryError.forbidden(_, _, role, _) = error { return true }
            Issue.record("expected forbidden needing \(role), got \(error)")
            return false
        }
    }

    @Test func secretsAre256RandomBitsInBase64URLAfterThePrefix() throws {
        let secrets = (0..<500).map { _ in TokenSecret.generate() }
        #expect(Set(secrets).count == secrets.count)
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var seen: Set<Character> = []
        for s in secrets {
            #expect(s.hasPrefix("cg_") && s.count == 3 + 43, "\(s)")
            let body = s.dropFirst(3)
            #expect(body.allSatisfy(alphabet.contains), "\(s)")
            seen.formUnion(body)
            // 43 characters of 6 bits hold 258: the last character carries 4 bits and 2 zeros.
            let padded = body.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "="
            #expect(Data(base64Encoded: padded)?.count == 32, "\(s)")
        }
        #expect(seen.count == 64, "500 secrets use every base64url character")
    }

    /// FIPS 180-2's vectors, and one checked with sha256sum.
    @Test func theDigestIsSHA256InLowerCaseHex() {
        #expect(TokenSecret.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TokenSecret.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // printf '%s' 'sample-officer-token-0001' | sha256sum
        #expect(TokenSecret.digest("sample-officer-token-0001") == "3491fbcd9444c4c69d55a15a6911df8a493b3db340fbea771508ddd80201d1aa")
    }

    @Test(arguments: StorageBackend.available)
    func aTokenOpensItsAccountUntilRevokedExpiredOrDisabled(backend: StorageBackend) throws {
        let place = try backend.place()
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let made = try q.addAccount(name: " 王五 ", unit: "豫园街道中队", roles: [.officer], areas: [Self.yuyuan], by: Caller(Self.local, via: "test"))
        #expect(made.account.id == "u-0001" && made.account.name == "王五")
        let signedIn = try #require(q.authenticate(secret: made.secret))
        #expect(signedIn.accountID == "u-0001" && signedIn.roles == [.officer] && signedIn.areas == [Self.yuyuan])
        #expect(q.authenticate(secret: made.secret + "x") == nil)
        #expect(q.authenticate(secret: "cg_" + String(repeating: "A", count: 43)) == nil)

        // Expiry: valid before, not at or after.
        let soon = Date().addingTimeInterval(3_600)
        let expiring = try q.issueToken(accountID: "u-0001", expiresAt: soon, by: Caller(Self.local, via: "test"))
        #expect(q.authenticate(secret: expiring.secret) != nil)
        #expect(q.authenticate(secret: expiring.secret, at: soon.addingTimeInterval(1)) == nil)

        try q.revokeToken(id: made.token.id, by: Caller(Self.local, via: "test"))
        #expect(q.authenticate(secret: made.secret) == nil)
        #expect(q.authenticate(secret: expiring.secret) != nil)
        try q.disableAccount(id: "u-0001", by: Caller(Self.local, via: "test"))
        #expect(q.authenticate(secret: expiring.secret) == nil)
        #expect(throws: CityQueryError.conflict(reason: "account u-0001 is disabled")) {
            try q.issueToken(accountID: "u-0001", by: Caller(Self.local, via: "test"))
        }

        // Every change has its line, by the local operator, newest first.
        let lines = try q.auditTrail(AuditFilter(), by: Self.local)
        #expect(lines.map(\.action) == [.accountDisabled, .tokenRevoked, .tokenIssued, .tokenIssued, .accountCreated])
        #expect(lines.allSatisfy { $0.actor == "本机:tester" && $0.accountID == nil && $0.via == "test" })
        #expect(lines[1].subjectID == made.token.id)
        // A refused change leaves none.
        #expect(throws: CityQueryError.notFound(layer: "tokens", id: "t-nope")) { try q.revokeToken(id: "t-nope", by: Caller(Self.local, via: "test")) }
        #expect(try q.auditTrail(AuditFilter(), by: Self.local).count == 5)
    }

    @Test(arguments: StorageBackend.available)
    func rotationRevokesEveryValidTokenAndIssuesOneInOneWrite(backend: StorageBackend) throws {
        let place = try backend.place()
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let made = try q.addAccount(name: "甲", unit: "", roles: [.viewer], areas: [.city], by: Caller(Self.local, via: "test"))
        let second = try q.issueToken(accountID: made.account.id, by: Caller(Self.local, via: "test"))
        let end = try q.store.storage.logEnd()
        let rotated = try q.rotateTokens(accountID: made.account.id, by: Caller(Self.local, via: "test"))
        #expect(try q.store.storage.logEnd() == end + 1)
        #expect(Set(rotated.revoked.map(\.id)) == [made.token.id, second.token.id])
        #expect(q.authenticate(secret: made.secret) == nil && q.authenticate(secret: second.secret) == nil)
        #expect(q.authenticate(secret: rotated.issued.secret)?.accountID == made.account.id)
        let listed = try #require(try q.accounts(by: Self.local).first)
        #expect(listed.tokens.map(\.valid) == listed.tokens.map { $0.id == rotated.issued.token.id })
    }

    /// The rules: only admin over the whole city (or the local operator) manages accounts, and
    /// no one hands on a role it does not hold; the audit trail is the auditor's alone.
    @Test func onlyAnAdminOverTheCityManagesAccountsAndGrantsOnlyWhatItHolds() throws {
        let q = try Fixture.queries(Fixture.makeStore())
        let cityAdmin = Self.principal([.admin], [.city])
        let districtAdmin = Self.principal([.admin], [.district(310101)])
        let auditor = Self.principal([.auditor], [.city])
        for someone in [districtAdmin, Self.principal([.viewer, .officer, .dispatcher], [.city]), auditor, Principal.anonymous] {
            #expect(performing: { try q.addAccount(name: "乙", unit: "", roles: [.viewer], areas: [.city], by: Caller(someone, via: "test")) },
                    throws: Self.forbidden(needs: .admin))
            #expect(performing: { try q.accounts(by: someone) }, throws: Self.forbidden(needs: .admin))
            #expect(performing: { try q.revokeToken(id: "t-1", by: Caller(someone, via: "test")) }, throws: Self.forbidden(needs: .admin))
        }
        // A city admin grants the duties admin grants, but not auditing.
        let officer = try q.addAccount(name: "丙", unit: "", roles: [.officer, .dispatcher, .admin], areas: [Self.yuyuan],
                                       by: Caller(cityAdmin, via: "test"))
        #expect(officer.account.roles == [.officer, .dispatcher, .admin])
        #expect(performing: { try q.addAccount(name: "丁", unit: "", roles: [.auditor], areas: [.city], by: Caller(cityAdmin, via: "test")) },
                throws: Self.forbidden(needs: .auditor))
        let madeAuditor = try q.addAccount(name: "戊", unit: "", roles: [.auditor], areas: [.city], by: Caller(Self.local, via: "test"))
        // The line names the admin's account, not a name the client typed.
        let line = try #require(try q.auditTrail(AuditFilter(action: .accountCreated, limit: 5), by: auditor).last)
        #expect(line.accountID == "u-x" && line.subjectID == officer.account.id)

        // The trail: auditors and the local operator, not admins.
        #expect(performing: { try q.auditTrail(AuditFilter(), by: cityAdmin) }, throws: Self.forbidden(needs: .auditor))
        let signedInAuditor = try #require(q.authenticate(secret: madeAuditor.secret))
        #expect(try q.auditTrail(AuditFilter(), by: signedInAuditor).count == 4)
        #expect(throws: CityQueryError.badParameter(name: "limit", value: "0", reason: "must be between 1 and 10000")) {
            try q.auditTrail(AuditFilter(limit: 0), by: auditor)
        }
    }

    @Test func anAdminGrantsNoAreaItDoesNotCover() throws {
        // Only the area rule refuses here: the granter is checked for the city first, so the
        // rule is reached through requireGrantable alone.
        let q = try Fixture.queries(Fixture.makeStore())
        let granter = Self.principal([.admin, .officer], [.subDistrict(district: 310101, number: 2)])
        #expect(performing: { try q.requireGrantable(roles: [.officer], areas: [.subDistrict(district: 310101, number: 2), Self.yuyuan], by: granter) },
                throws: { error in
                    guard case CityQueryError.forbidden(_, "grant areas[1]", .admin, "subdistrict:310101-018") = error else {
                        Issue.record("\(error)")
                        return false
                    }
                    return true
                })
        try q.requireGrantable(roles: [.officer], areas: [.cells([try GridCode(parsing: "310101-002-001-0001")])], by: granter)
    }

    @Test func fieldsAndAreasAreNamedWhenWrong() throws {
        let q = try Fixture.queries(Fixture.makeStore())
        #expect(throws: CityQueryError.unprocessable(name: "name", reason: "an account needs a name")) {
            try q.addAccount(name: "  ", unit: "", roles: [.viewer], areas: [.city], by: Caller(Self.local, via: "test"))
        }
        #expect(throws: CityQueryError.unprocessable(name: "roles", reason: "an account needs at least one role")) {
            try q.addAccount(name: "甲", unit: "", roles: [], areas: [.city], by: Caller(Self.local, via: "test"))
        }
        #expect(performing: { try q.addAccount(name: "甲", unit: "", roles: [.viewer], areas: [.city], secret: "short", by: Caller(Self.local, via: "test")) },
                throws: { ($0 as? CityQueryError) == .unprocessable(name: "secret", reason: "a given secret has at least 16 characters") })
        #expect(performing: { try q.resolveAreas(["city", "subdistrict:31010-18"]) }, throws: { error in
            if case CityQueryError.badParameter("areas[1]", "subdistrict:31010-18", _) = error { return true }
            Issue.record("\(error)")
            return false
        })
        // By name, through the grid cells' sub-district names (the fixture's cells are 南京东路街道, 310101-002).
        #expect(try q.resolveArea("subdistrict:南京东路街道") == .subDistrict(district: 310101, number: 2))
        #expect(try q.resolveArea("subdistrict:310101-018") == Self.yuyuan)
        #expect(performing: { try q.resolveArea("subdistrict:豫园街道") }, throws: { "\($0)".contains("no sub-district is named 豫园街道") })
        #expect(performing: { try q.resolveArea("district:黄浦区") }, throws: { "\($0)".contains("six-digit code") })
    }

    /// The secret is nowhere in the storage: not in the SQLite file's bytes (WAL included), not
    /// in any PostgreSQL row's text; its digest is (the check can fail).
    @Test(arguments: StorageBackend.available)
    func theSecretIsNeverStoredItsDigestIs(backend: StorageBackend) throws {
        let place = try backend.place()
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let made = try q.addAccount(name: "王五", unit: "", roles: [.officer], areas: [.city], by: Caller(Self.local, via: "test"))
        let issued = try q.issueToken(accountID: made.account.id, by: Caller(Self.local, via: "test"))
        _ = q.authenticate(secret: made.secret)
        try q.flushTokenUses()
        for secret in [made.secret, issued.secret] {
            let digest = TokenSecret.digest(secret)
            switch backend {
            case .sqlite:
                var bytes = Data()
                for suffix in ["", "-wal"] { bytes += (try? Data(contentsOf: URL(fileURLWithPath: place.location + suffix))) ?? Data() }
                #expect(bytes.range(of: Data(secret.utf8)) == nil)
                #expect(bytes.range(of: Data(secret.dropFirst(3).utf8)) == nil)
                #expect(bytes.range(of: Data(digest.utf8)) != nil)
            case .postgresql:
                func rows(_ pattern: String) -> String {
                    "(SELECT 1 FROM accounts r WHERE r::text LIKE '%\(pattern)%' UNION ALL SELECT 1 FROM account_tokens r WHERE r::text LIKE '%\(pattern)%' "
                        + "UNION ALL SELECT 1 FROM audit r WHERE r::text LIKE '%\(pattern)%' UNION ALL SELECT 1 FROM change_log r WHERE r::text LIKE '%\(pattern)%')"
                }
                try place.executeRaw(sqlite: "", postgresql: "DO $$ BEGIN IF EXISTS \(rows(String(secret.dropFirst(3)))) THEN RAISE EXCEPTION 'secret stored'; END IF; END $$")
                try place.executeRaw(sqlite: "", postgresql: "DO $$ BEGIN IF NOT EXISTS \(rows(digest)) THEN RAISE EXCEPTION 'digest not stored'; END IF; END $$")
            }
        }
        // Nor in the listing, which has no digest either.
        let listed = String(decoding: try JSONEncoder().encode(q.accounts(by: Self.local)), as: UTF8.self)
        #expect(!listed.contains(made.secret) && !listed.contains(TokenSecret.digest(made.secret)) && !listed.contains("digest"))
        #expect(try q.accounts(by: Self.local).first?.tokens.contains { $0.id == made.token.id && $0.lastUsedAt != nil } == true)
    }

    /// Two queries on one storage, as two server nodes (or a server and the command line): a
    /// token revoked through one stops opening the other once its follower catches up.
    @Test(arguments: StorageBackend.available)
    func aRevocationThroughOneNodeClosesTheTokenOnTheOther(backend: StorageBackend) throws {
        let place = try backend.place()
        let one = try Fixture.queries(Fixture.makeStore(in: place))
        let other = try Fixture.queries(place.store())
        let follower = other.followOtherWriters()
        defer { follower.stop() }
        let made = try one.addAccount(name: "王五", unit: "", roles: [.officer], areas: [Self.yuyuan], by: Caller(Self.local, via: "test"))
        #expect(try Self.eventually { other.authenticate(secret: made.secret) != nil })
        try one.revokeToken(id: made.token.id, by: Caller(Self.local, via: "test"))
        #expect(try Self.eventually { other.authenticate(secret: made.secret) == nil })
    }

    /// An administrator signed in on one node whose token another node has just revoked manages
    /// no more accounts there, even before the first node's memory has caught up: the decision
    /// is made inside the write, on the store as it is.
    @Test(arguments: StorageBackend.available)
    func aRevokedAdminIsRefusedInsideTheWrite(backend: StorageBackend) throws {
        let place = try backend.place()
        let one = try Fixture.queries(Fixture.makeStore(in: place))
        let other = try Fixture.queries(place.store())
        let admin = try one.addAccount(name: "管理员", unit: "", roles: [.admin], areas: [.city], by: Caller(Self.local, via: "test"))
        let signedIn = try #require(one.authenticate(secret: admin.secret))
        try other.store.catchUp()
        try other.revokeToken(id: admin.token.id, by: Caller(Self.local, via: "test"))
        #expect(one.authenticate(secret: admin.secret) != nil, "the first node has not caught up yet")
        #expect(throws: CityQueryError.self) {
            try one.addAccount(name: "新人", unit: "", roles: [.viewer], areas: [.city], by: Caller(signedIn, via: "test"))
        }
        #expect(try one.accounts(by: Self.local).count == 1, "nothing was added")
    }

    /// Polls `condition` for up to five seconds.
    static func eventually(_ condition: () -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }

    @Test(arguments: StorageBackend.available)
    func theSamplesDemonstrationAccountsSignInWithTheirRoles(backend: StorageBackend) throws {
        let place = try backend.place()
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("geodata/sample/accounts.json").path
        #expect(try q.seedAccounts(from: file, by: Caller(Self.local, via: "test")) == 7)
        #expect(try q.seedAccounts(from: file, by: Caller(Self.local, via: "test")) == 0)
        let expected: [(String, String, Set<Role>, [AreaScope])] = [
            ("sample-viewer-token-0001", "演示-查看员", [.viewer], [.city]),
            ("sample-officer-token-0001", "演示-巡查员", [.officer], [.city]),
            ("sample-reporter-key-00001", "演示-12345热线", [.reporter], [.city]),
            ("sample-dispatcher-token-01", "演示-派单员", [.officer, .dispatcher], [.district(310101)]),
            ("sample-admin-token-000001", "演示-管理员", [.admin], [.city]),
            ("sample-yuyuan-officer-0001", "豫园街道-巡查员", [.officer], [Self.yuyuan]),
            ("sample-auditor-token-0001", "演示-审计员", [.auditor], [.city]),
        ]
        for (secret, name, roles, areas) in expected {
            let p = try #require(q.authenticate(secret: secret), "\(secret)")
            #expect(p.name == name && p.roles == roles && p.areas == areas, "\(secret)")
        }
        let lines = try q.auditTrail(AuditFilter(limit: 100), by: Self.local)
        #expect(lines.count == 14 && Set(lines.map(\.via)) == ["test"])
    }

    @Test(arguments: StorageBackend.available)
    func readsAreRecordedWithoutAChangeLogEntry(backend: StorageBackend) throws {
        let place = try backend.place()
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let end = try q.store.storage.logEnd()
        let reader = Self.principal([.officer], [.city])
        try q.recordReads([AuditEntry(by: reader, at: Date(), via: "GET /api/v1/storefronts/shop-1/dossier", action: .dossierRead,
                                      subject: "storefronts", subjectID: "shop-1")])
        #expect(try q.store.storage.logEnd() == end)
        let line = try #require(try q.auditTrail(AuditFilter(subject: "storefronts", subjectID: "shop-1"), by: Self.local).first)
        #expect(line.action == .dossierRead && line.accountID == "u-x" && line.actor == "某人")
    }
}
