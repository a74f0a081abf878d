import CityModel
import CityQuery
import CityStore
import Foundation
import Testing

/// `citygrid users` and `citygrid audit` on a copy of the loaded sample, as an operator runs
/// them beside a server: the token printed once opens the account, the listing never shows a
/// digest, a bad option is named, and a revocation on the command line closes the token in a
/// store that has the same file open as soon as it catches up.
@Suite(.serialized) struct UsersCommandTests {
    static func run(_ arguments: [String], _ store: String) throws -> CitygridProcess.Result {
        try CitygridProcess.run(arguments + ["--store", store])
    }

    static func secret(in output: String) throws -> String {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("token: ") }, "\(output)")
        return String(line.dropFirst("token: ".count))
    }

    static func tokenID(in output: String) throws -> String {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("token id: ") }, "\(output)")
        return String(line.dropFirst("token id: ".count).prefix { $0 != "," })
    }

    @Test func anAddedTokenOpensTheAccountUntilRevokedOnTheCommandLine() throws {
        let store = try LoadedSample.copy("users-add")
        let queries = try CityQueries(store: CityStore(storage: CityStore.openStorage(store)),
                                      bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
        let added = try Self.run(["users", "add", "--name", "王五", "--unit", "豫园街道中队", "--role", "officer",
                                  "--area", "subdistrict:豫园街道", "--expires-days", "365"], store)
        #expect(added.status == 0, "\(added.standardError)")
        #expect(added.standardOutput.contains("account: u-0001 王五"))
        #expect(added.standardOutput.contains("will not be shown again"))
        let secret = try Self.secret(in: added.standardOutput), tokenID = try Self.tokenID(in: added.standardOutput)
        #expect(secret.hasPrefix("cg_") && secret.count == 46)

        try queries.store.catchUp()
        let principal = try #require(queries.authenticate(secret: secret))
        #expect(principal.roles == [.officer] && principal.areas == [.subDistrict(district: 310101, number: 18)])

        let listed = try Self.run(["users", "list", "--json"], store)
        #expect(listed.status == 0, "\(listed.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
        #expect(json.first?["id"] as? String == "u-0001")
        #expect(((json.first?["tokens"] as? [[String: Any]])?.first?["id"]) as? String == tokenID)
        for output in [listed.standardOutput, try Self.run(["users", "list"], store).standardOutput] {
            #expect(!output.contains(secret) && !output.contains(TokenSecret.digest(secret)) && !output.contains("digest"))
        }

        let revoked = try Self.run(["users", "revoke", tokenID], store)
        #expect(revoked.status == 0, "\(revoked.standardError)")
        #expect(queries.authenticate(secret: secret) != nil, "memory not caught up yet still has the token valid")
        try queries.store.catchUp()
        #expect(queries.authenticate(secret: secret) == nil)

        let rotated = try Self.run(["users", "rotate", "u-0001"], store)
        #expect(rotated.status == 0, "\(rotated.standardError)")
        try queries.store.catchUp()
        #expect(queries.authenticate(secret: try Self.secret(in: rotated.standardOutput))?.accountID == "u-0001")

        let audit = try Self.run(["audit", "--action", "token.revoke", "--json"], store)
        #expect(audit.status == 0, "\(audit.standardError)")
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(audit.standardOutput.utf8)) as? [[String: Any]])
        #expect(lines.count == 1 && lines.first?["subjectID"] as? String == tokenID && lines.first?["via"] as? String == "citygrid users revoke")
        #expect((lines.first?["actor"] as? String)?.hasPrefix("本机:") == true)
        let all = try Self.run(["audit", "--limit", "2"], store)
        #expect(all.status == 0 && all.standardOutput.contains("token.issue") && all.standardOutput.contains("citygrid users rotate"))
    }

    @Test func aBadOptionIsNamedAndNothingIsWritten() throws {
        let store = try LoadedSample.copy("users-bad")
        // The loaded sample holds its demonstration accounts already (citygrid load seeds them).
        let accountsBefore = try CityStore.openStorage(store).loadAccounts()
        let auditBefore = try CityStore.openStorage(store).auditEntries(AuditFilter())
        let cases: [([String], String)] = [
            (["--role", "officer", "--area", "subdistrict:31010-18"], "--area subdistrict:31010-18: "),
            (["--role", "officer", "--area", "subdistrict:不存在街道"], "--area subdistrict:不存在街道: no sub-district is named"),
            (["--role", "boss", "--area", "city"], "--role boss: expected one of viewer"),
            (["--role", "officer"], "--area: give at least one area"),
            (["--role", "officer", "--area", "city", "--expires-days", "0"], "--expires-days 0"),
        ]
        for (options, message) in cases {
            let r = try Self.run(["users", "add", "--name", "王五"] + options, store)
            #expect(r.status != 0, "\(options)")
            #expect(r.standardError.contains(message), "\(options): \(r.standardError)")
            #expect(!r.standardOutput.contains("token"), "\(options)")
        }
        let audit = try Self.run(["audit", "--action", "nothing"], store)
        #expect(audit.status != 0 && audit.standardError.contains("--action nothing: expected one of"))
        #expect(try CityStore.openStorage(store).loadAccounts() == accountsBefore)
        #expect(try CityStore.openStorage(store).auditEntries(AuditFilter()) == auditBefore)
        let revoke = try Self.run(["users", "revoke", "t-nope"], store)
        #expect(revoke.status != 0 && revoke.standardError.contains("t-nope"))
    }

    @Test func theSamplesAccountsAreSeededOnce() throws {
        // citygrid load seeded the folder's accounts.json; seeding the same file again adds none.
        let store = try LoadedSample.copy("users-seed")
        let file = URL(fileURLWithPath: LoadedSample.directory).appendingPathComponent("accounts.json").path
        let seeded = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        #expect(try CityStore.openStorage(store).loadAccounts().accounts.count == (seeded?["accounts"] as? [Any])?.count)
        let again = try Self.run(["users", "seed", file], store)
        #expect(again.status == 0 && again.standardOutput.contains("added 0 accounts"), "\(again.standardError)")
        let directory = try CityStore.openStorage(store).loadAccounts()
        #expect(directory.token(digest: TokenSecret.digest("sample-yuyuan-officer-0001"))?.accountID == "u-demo-yuyuan-officer")
    }

    @Test func importsAndLoadsHaveANameInTheTrail() throws {
        let store = try LoadedSample.copy("users-import")
        // citygrid load wrote one line per layer file of the folder, as the local operator.
        let loaded = try CityStore.openStorage(store).auditEntries(AuditFilter(action: .layerImported))
        let layerFiles = Set(try FileManager.default.contentsOfDirectory(atPath: LoadedSample.directory)
            .filter { $0.hasSuffix(".shp") }.map { String($0.dropLast(4)) })
        #expect(Set(loaded.compactMap(\.subject)) == layerFiles)
        #expect(loaded.allSatisfy { $0.via == "citygrid load" && $0.actor.hasPrefix("本机:") && $0.accountID == nil })

        let good = LoadedSample.directory + "/storefronts.geojson"
        let imported = try Self.run(["import", "storefronts", good], store)
        #expect(imported.status == 0, "\(imported.standardError)")
        let after = try CityStore.openStorage(store).auditEntries(AuditFilter(action: .layerImported))
        #expect(after.count == loaded.count + 1)
        let line = try #require(after.first { $0.via == "citygrid import storefronts" })
        #expect(line.subject == "storefronts" && line.detail == "imported from storefronts.geojson")

        // A refused import writes neither the layer nor its line.
        let broken = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("broken.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[999,31]},"properties":{}}]}"#
            .write(to: broken, atomically: true, encoding: .utf8)
        let refused = try Self.run(["import", "storefronts", broken.path], store)
        #expect(refused.status != 0)
        #expect(try CityStore.openStorage(store).auditEntries(AuditFilter(action: .layerImported)).count == after.count)
    }
}
