import CityModel
import CityQuery
import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// The account and audit routes, against accounts made in the store as `citygrid users add`
/// makes them: an admin of the whole city, an admin of one district, an auditor and a viewer.
@Suite struct AccountsAPITests {
    static let admin = "admin-secret-0123456789", districtAdmin = "district-admin-secret-0123"
    static let auditor = "auditor-secret-0123456789", viewer = "viewer-secret-0123456789"
    static let json: HTTPFields = [.contentType: "application/json"]

    /// `LayersAPITests.entityStore` (sub-district 310101-001, 南京东路街道) with the four accounts;
    /// returns the store and the city admin's account id.
    static func store() throws -> (CityStore, adminID: String) {
        let store = try LayersAPITests.entityStore()
        let queries = Fixture.queries(store)
        let operator_ = Caller.commandLine("test").principal
        let made = try queries.addAccount(name: "管理员", unit: "区城管执法局", roles: [.admin], areas: [.city], secret: admin,
                                          by: Caller(operator_, via: "test"))
        _ = try queries.addAccount(name: "区管理员", unit: "黄浦区", roles: [.admin], areas: [.district(310101)], secret: districtAdmin,
                                   by: Caller(operator_, via: "test"))
        _ = try queries.addAccount(name: "审计员", unit: "区城管执法局", roles: [.auditor], areas: [.city], secret: auditor,
                                   by: Caller(operator_, via: "test"))
        _ = try queries.addAccount(name: "查看员", unit: "区城管执法局", roles: [.viewer], areas: [.city], secret: viewer,
                                   by: Caller(operator_, via: "test"))
        return (store, made.account.id)
    }

    static func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)"] }

    @Test func anAdminMakesAnOfficerWhoseTokenWorksUntilRevoked() async throws {
        let (store, adminID) = try Self.store()
        let app = Fixture.app(store: store)
        try await app.test(.router) { client in
            let body = #"{"name":"王五","unit":"南京东路街道中队","roles":["officer"],"areas":["subdistrict:南京东路街道"],"expiresInDays":365}"#
            let created = try await client.execute(uri: "/api/v1/accounts", method: .post, headers: Self.json + Self.bearer(Self.admin),
                                                   body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created, "\(response.text)")
                let document = try response.json()
                #expect(response.headers[.location]?.hasSuffix("/api/v1/accounts/\(document["id"]?.stringValue ?? "?")") == true)
                return document
            }
            let secret = try #require(created["token"]?.stringValue)
            #expect(secret.hasPrefix("cg_"))
            #expect(created["areas"] == ["subdistrict:310101-001"])
            #expect(created["roles"] == ["officer"])
            let tokenID = try #require(created["tokens"]?[0]?["id"]?.stringValue)
            let officerID = try #require(created["id"]?.stringValue)
            #expect(created["tokens"]?[0]?["expiresAt"]?.stringValue != nil)

            // The new token opens the new account: it reads, and reports a case.
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: Self.bearer(secret)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.json + Self.bearer(secret),
                                     body: ByteBuffer(string: #"{"type":"0103","lon":121.001,"lat":31.001}"#)) { response in
                #expect(response.status == .created, "\(response.text)")
            }

            // The listing shows the token, never its secret or digest.
            try await client.execute(uri: "/api/v1/accounts", method: .get, headers: Self.bearer(Self.admin)) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains(secret))
                #expect(!response.text.contains(TokenSecret.digest(secret)))
                #expect(!response.text.contains(Self.admin))
                let listed = try response.json()["accounts"]?.arrayValue ?? []
                #expect(listed.first { $0["id"]?.stringValue == officerID }?["tokens"]?[0]?["id"]?.stringValue == tokenID)
            }

            // Revoked: refused at once.
            try await client.execute(uri: "/api/v1/tokens/\(tokenID)", method: .delete, headers: Self.bearer(Self.admin)) { response in
                #expect(response.status == .ok, "\(response.text)")
                let revoked = try response.json()
                #expect(revoked["revokedAt"]?.stringValue != nil)
                #expect(revoked["valid"] == false)
            }
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: Self.bearer(secret)) { #expect($0.status == .unauthorized) }

            // Another token, then a rotation that revokes it and issues one more; then disabled.
            let second = try await client.execute(uri: "/api/v1/accounts/\(officerID)/tokens", method: .post, headers: Self.json + Self.bearer(Self.admin),
                                                  body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .created, "\(response.text)")
                return try response.json()
            }
            let secondSecret = try #require(second["token"]?.stringValue)
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: Self.bearer(secondSecret)) { #expect($0.status == .ok) }
            let third = try await client.execute(uri: "/api/v1/accounts/\(officerID)/tokens", method: .post, headers: Self.json + Self.bearer(Self.admin),
                                                 body: ByteBuffer(string: #"{"rotate":true,"expiresInDays":30}"#)) { response in
                #expect(response.status == .created, "\(response.text)")
                return try response.json()
            }
            #expect(third["revoked"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [second["id"]?.stringValue].compactMap { $0 })
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: Self.bearer(secondSecret)) { #expect($0.status == .unauthorized) }
            let thirdSecret = try #require(third["token"]?.stringValue)
            try await client.execute(uri: "/api/v1/accounts/\(officerID)/disable", method: .post, headers: Self.bearer(Self.admin)) { response in
                #expect(response.status == .ok, "\(response.text)")
                let answer = try response.json()
                #expect(answer["disabledAt"]?.stringValue != nil)
            }
            try await client.execute(uri: "/api/v1/cases", method: .get, headers: Self.bearer(thirdSecret)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/accounts/u-0099/disable", method: .post, headers: Self.bearer(Self.admin)) {
                #expect($0.status == .notFound)
            }

            // The auditor sees the creation and the revocation, made by the admin through the routes.
            try await client.execute(uri: "/api/v1/audit?action=account.create&id=\(officerID)", method: .get, headers: Self.bearer(Self.auditor)) { response in
                #expect(response.status == .ok, "\(response.text)")
                let entries = try response.json()["entries"]?.arrayValue ?? []
                #expect(entries.count == 1)
                #expect(entries.first?["accountID"]?.stringValue == adminID)
                #expect(entries.first?["via"] == "POST /api/v1/accounts")
            }
            try await client.execute(uri: "/api/v1/audit?action=token.revoke&account=\(adminID)", method: .get, headers: Self.bearer(Self.auditor)) { response in
                let entries = try response.json()["entries"]?.arrayValue ?? []
                let subjects = entries.compactMap { $0["subjectID"]?.stringValue }
                #expect(subjects.contains(tokenID))
                #expect(entries.contains { $0["via"] == "DELETE /api/v1/tokens/{tokenId}" })
            }
        }
    }

    @Test func onlyAnAdminOfTheWholeCityManagesAccountsAndOnlyAnAuditorReadsTheTrail() async throws {
        let (store, _) = try Self.store()
        let app = Fixture.app(store: store)
        let body = ByteBuffer(string: #"{"name":"赵六","roles":["viewer"],"areas":["district:310101"]}"#)
        try await app.test(.router) { client in
            for secret in [Self.viewer, Self.districtAdmin, Self.auditor] {
                try await client.execute(uri: "/api/v1/accounts", method: .get, headers: Self.bearer(secret)) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/api/v1/accounts", method: .post, headers: Self.json + Self.bearer(secret), body: body) { response in
                    #expect(response.status == .forbidden, "\(response.text)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                try await client.execute(uri: "/api/v1/accounts/u-0004/disable", method: .post, headers: Self.bearer(secret)) {
                    #expect($0.status == .forbidden)
                }
            }
            try await client.execute(uri: "/api/v1/accounts", method: .get) { #expect($0.status == .unauthorized) }
            for secret in [Self.viewer, Self.admin] {
                try await client.execute(uri: "/api/v1/audit", method: .get, headers: Self.bearer(secret)) { #expect($0.status == .forbidden) }
            }
            // The admin does not hand on the auditor role it does not hold.
            try await client.execute(uri: "/api/v1/accounts", method: .post, headers: Self.json + Self.bearer(Self.admin),
                                     body: ByteBuffer(string: #"{"name":"赵六","roles":["auditor"],"areas":["city"]}"#)) {
                #expect($0.status == .forbidden)
            }
            #expect(try Fixture.queries(store).accounts(by: Caller.commandLine("test").principal).count == 7)
        }
    }

    @Test func badBodiesAndParametersAreNamed() async throws {
        let (store, _) = try Self.store()
        let app = Fixture.app(store: store)
        try await app.test(.router) { client in
            let bodies: [(String, HTTPResponse.Status, String)] = [
                (#"{"name":"赵六","roles":["viewer","chief"],"areas":["city"]}"#, .badRequest, "roles[1]"),
                (#"{"name":"赵六","roles":["viewer"],"areas":["subdistrict:no-such"]}"#, .badRequest, "areas[0]"),
                (#"{"name":"赵六","roles":["viewer"],"areas":["city","subdistrict:人民广场街道"]}"#, .badRequest, "areas[1]"),
                (#"{"name":"赵六","roles":"viewer","areas":["city"]}"#, .badRequest, "roles"),
                (#"{"roles":["viewer"],"areas":["city"]}"#, .badRequest, "name"),
                (#"{"name":"赵六","roles":["viewer"],"areas":["city"],"expiresInDays":0}"#, .badRequest, "expiresInDays"),
                (#"{"name":"赵六","roles":["viewer"],"areas":["city"],"password":"x"}"#, .badRequest, "password"),
                (#"{"name":" ","roles":["viewer"],"areas":["city"]}"#, .unprocessableContent, "name"),
                (#"{"name":"赵六","roles":[],"areas":["city"]}"#, .unprocessableContent, "roles"),
            ]
            for (body, status, member) in bodies {
                try await client.execute(uri: "/api/v1/accounts", method: .post, headers: Self.json + Self.bearer(Self.admin),
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(body): \(response.text)")
                    let answer = try response.json()
                    #expect(answer["invalid-params"]?[0]?["name"]?.stringValue == member, "\(body): \(response.text)")
                }
            }
            try await client.execute(uri: "/api/v1/accounts/u-0004/tokens", method: .post, headers: Self.json + Self.bearer(Self.admin),
                                     body: ByteBuffer(string: #"{"rotate":"yes"}"#)) { response in
                #expect(response.status == .badRequest)
                let answer = try response.json()
                #expect(answer["invalid-params"]?[0]?["name"] == "rotate")
            }
            for (query, parameter) in [("action=account.delete", "action"), ("since=yesterday", "since"), ("until=2026-13-01", "until"),
                                       ("limit=0", "limit"), ("before=x", "before"), ("acount=u-0001", "acount")] {
                try await client.execute(uri: "/api/v1/audit?\(query)", method: .get, headers: Self.bearer(Self.auditor)) { response in
                    #expect(response.status == .badRequest, "\(query): \(response.text)")
                    let answer = try response.json()
                    #expect(answer["invalid-params"]?[0]?["name"]?.stringValue == parameter, "\(query): \(response.text)")
                }
            }
        }
    }

    /// The set-up's account.create and token.issue lines, read three at a time through the next
    /// links: every line once, newest first, and no link after the last page.
    @Test func theTrailPagesThroughItsNextLinks() async throws {
        let (store, _) = try Self.store()
        let app = Fixture.app(store: store)
        try await app.test(.router) { client in
            var uri: String? = "/api/v1/audit?limit=3"
            var sequences: [Int] = []
            var pages = 0
            while let next = uri {
                uri = try await client.execute(uri: next, method: .get, headers: Self.bearer(Self.auditor)) { response in
                    #expect(response.status == .ok, "\(response.text)")
                    let document = try response.json()
                    sequences += (document["entries"]?.arrayValue ?? []).compactMap { $0["sequence"]?.intValue }
                    return linkHref(document, rel: "next").map(pathAndQuery)
                }
                pages += 1
            }
            let all = try Fixture.queries(store).auditTrail(AuditFilter(limit: 100), by: Caller.commandLine("test").principal)
            #expect(all.count >= 8)
            #expect(pages == (all.count + 2) / 3)
            #expect(sequences == all.compactMap { $0.sequence.map(Int.init) })
            #expect(sequences == sequences.sorted(by: >))
        }
    }
}
