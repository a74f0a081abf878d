import CityModel
import CityQuery
import CityServer
import CityStore
import Foundation
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Every write route × role × inside/outside the role's area, against a table written by hand
/// (issue 21). Two cells in two sub-districts: 豫园 (x 0…1000 m, the accounts' area) and 南京东路
/// (x 1000…2000, outside it), a shop and fresh cases in each. A refusal must be a 401/403 whose
/// detail names where the entity lies (when the role is held elsewhere), and must change nothing:
/// the store's change log does not move.
@Suite struct AccessMatrixTests {
    static let yuyuan = "310101-018-001-0001", nanjing = "310101-002-001-0001"

    enum Side: String, CaseIterable { case inside, outside }
    enum Who: String, CaseIterable { case anonymous, viewer, reporter, officer, dispatcher, areaAdmin, cityAdmin, auditor }

    /// Who holds what where. Everyone but the city admin, the viewer, the reporter and the auditor
    /// holds it in 豫园 only.
    static let accounts: [Who: (roles: Set<Role>, areas: [AreaScope])] = [
        .viewer: ([.viewer], [.city]), .reporter: ([.reporter], [.city]),
        .officer: ([.officer], [.subDistrict(district: 310101, number: 18)]),
        .dispatcher: ([.dispatcher], [.subDistrict(district: 310101, number: 18)]),
        .areaAdmin: ([.admin], [.subDistrict(district: 310101, number: 18)]),
        .cityAdmin: ([.admin], [.city]), .auditor: ([.auditor], [.city]),
    ]

    enum Write: String, CaseIterable {
        case reportCase, register, reportHandled, close, dossierRecord, replaceShop, removeShop, reattribute, open311
        case createAccount, readAudit
    }

    /// The expected status of each write, by who and where: written by hand from the issue's rules
    /// (report anywhere; move, record and edit only inside; re-attribute only with the whole city).
    static let expected: [Write: [Who: (inside: Int, outside: Int)]] = [
        .reportCase: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (201, 201), .officer: (201, 201),
                      .dispatcher: (403, 403), .areaAdmin: (201, 201), .cityAdmin: (201, 201), .auditor: (403, 403)],
        .register: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (403, 403),
                    .dispatcher: (200, 403), .areaAdmin: (200, 403), .cityAdmin: (200, 200), .auditor: (403, 403)],
        .reportHandled: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (200, 403),
                         .dispatcher: (200, 403), .areaAdmin: (200, 403), .cityAdmin: (200, 200), .auditor: (403, 403)],
        .close: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (403, 403),
                 .dispatcher: (200, 403), .areaAdmin: (200, 403), .cityAdmin: (200, 200), .auditor: (403, 403)],
        .dossierRecord: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (201, 403),
                         .dispatcher: (403, 403), .areaAdmin: (201, 403), .cityAdmin: (201, 201), .auditor: (403, 403)],
        .replaceShop: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (403, 403),
                       .dispatcher: (403, 403), .areaAdmin: (200, 403), .cityAdmin: (200, 200), .auditor: (403, 403)],
        .removeShop: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (403, 403),
                      .dispatcher: (403, 403), .areaAdmin: (204, 403), .cityAdmin: (204, 204), .auditor: (403, 403)],
        .reattribute: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (403, 403),
                       .dispatcher: (403, 403), .areaAdmin: (403, 403), .cityAdmin: (200, 200), .auditor: (403, 403)],
        .open311: [.anonymous: (403, 403), .viewer: (403, 403), .reporter: (201, 201), .officer: (201, 201),
                   .dispatcher: (403, 403), .areaAdmin: (201, 201), .cityAdmin: (201, 201), .auditor: (403, 403)],
        // Accounts are managed by an admin of the whole city; the trail is read by the auditor
        // alone, not by the admin (三员分立). Neither has an entity, so inside and outside agree.
        .createAccount: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (403, 403),
                         .dispatcher: (403, 403), .areaAdmin: (403, 403), .cityAdmin: (201, 201), .auditor: (403, 403)],
        .readAudit: [.anonymous: (401, 401), .viewer: (403, 403), .reporter: (403, 403), .officer: (403, 403),
                     .dispatcher: (403, 403), .areaAdmin: (403, 403), .cityAdmin: (403, 403), .auditor: (200, 200)],
    ]

    static let operatorCaller = Caller.commandLine("test setup")

    /// Working metres of a point in the cell of `side` (the fixture's exact transform).
    static func point(_ side: Side, _ k: Int) -> Point {
        Point(x: (side == .inside ? 100 : 1100) + Double(k % 40) * 20, y: 100 + Double(k / 40) * 20)
    }

    static func store() throws -> CityStore {
        let store = try CityStore(storage: CityDatabase.inMemory())
        var batch = WriteBatch()
        for (code, name, x) in [(yuyuan, "豫园街道", 0.0), (nanjing, "南京东路街道", 1000.0)] {
            batch.insert(try StoredFeature(GridCell(code: try GridCode(parsing: code), subDistrictName: name, communityName: "居委会",
                                                    polygon: Polygon(exterior: LinearRing(Fixture.square(x, 0, 1000))))))
        }
        try store.commit(batch)
        return store
    }

    /// A fresh entity for one request of the table, made by the operator.
    static func prepare(_ write: Write, _ side: Side, k: Int, queries q: CityQueries) throws -> String {
        let p = point(side, k)
        switch write {
        case .reportCase, .open311, .reattribute, .createAccount, .readAudit: return ""
        case .register, .reportHandled, .close:
            let id = "C-\(write.rawValue)-\(side.rawValue)-\(k)"
            // 0503 (占道经营): a type whose verification needs no after-photo (PhotoUploadTests has those).
            _ = try q.report(CaseReport(id: id, typeCode: "0503", source: .patrol, point: p, crs: .working, description: "占道经营"),
                             by: operatorCaller)
            let steps: [CaseEvent] = switch write {
            case .register: []
            case .reportHandled: [.register(), .dispatch(to: .department(code: "enforcement"))]
            default: [.register(), .dispatch(to: .department(code: "enforcement")), .reportHandled, .verifyPassed]
            }
            for step in steps { _ = try q.transition(caseID: id, event: step, by: operatorCaller) }
            return id
        case .dossierRecord, .replaceShop, .removeShop:
            let id = "SHOP-\(write.rawValue)-\(side.rawValue)-\(k)"
            let props = #"{"name":"店","address":"路1号","licenceStatus":"unlicensed","trade":"零售","flags":[]}"#
            try q.write(.storefronts, id: id, geometry: .point(p), properties: Array(props.utf8), as: .add, by: operatorCaller)
            return id
        }
    }

    static func request(_ write: Write, _ side: Side, id: String, k: Int) -> (String, HTTPRequest.Method, String, String) {
        let lonLat = Fixture.toLonLat(point(side, k))
        switch write {
        case .reportCase:
            return ("/api/v1/cases", .post, "application/json", #"{"type":"0103","lon":\#(lonLat.x),"lat":\#(lonLat.y),"description":"x"}"#)
        case .register: return ("/api/v1/cases/\(id)/transitions", .post, "application/json", #"{"event":"register"}"#)
        case .reportHandled: return ("/api/v1/cases/\(id)/transitions", .post, "application/json", #"{"event":"reportHandled"}"#)
        case .close: return ("/api/v1/cases/\(id)/transitions", .post, "application/json", #"{"event":"close"}"#)
        case .dossierRecord:
            return ("/api/v1/dossiers/storefronts/\(id)/records", .post, "application/json", #"{"kind":"inspection","note":"检查"}"#)
        case .replaceShop:
            return ("/api/v1/layers/storefronts/\(id)", .put, "application/geo+json",
                    #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(lonLat.x),\#(lonLat.y)]},"properties":{"name":"改名店","address":"路1号","licenceStatus":"unlicensed","trade":"零售","flags":[]}}"#)
        case .removeShop: return ("/api/v1/layers/storefronts/\(id)", .delete, "", "")
        case .reattribute: return ("/api/v1/reattribute/storefronts", .post, "application/json", "{}")
        case .open311:
            return ("/open311/v2/requests.json", .post, "application/x-www-form-urlencoded",
                    "service_code=0103&lat=\(lonLat.y)&long=\(lonLat.x)&description=x&first_name=%E4%B8%89&last_name=%E5%BC%A0")
        case .createAccount:
            return ("/api/v1/accounts", .post, "application/json", #"{"name":"新人\#(k)","unit":"测试","roles":["viewer"],"areas":["city"]}"#)
        case .readAudit: return ("/api/v1/audit", .get, "", "")
        }
    }

    @Test func everyWriteRouteByRoleAndArea() async throws {
        let store = try Self.store()
        let queries = Fixture.queries(store)
        var secrets: [Who: String] = [:]
        for (who, grant) in Self.accounts {
            secrets[who] = try queries.addAccount(name: who.rawValue, unit: "测试", roles: grant.roles, areas: grant.areas,
                                                  by: Caller(Self.operatorCaller.principal, via: "test setup")).secret
        }
        let app = RecordedApplication(base: buildApplication(queries: queries, configuration: ServerConfiguration()))
        let secretsByWho = secrets
        let mismatches = try await app.test(.router) { client in
            var k = 0
            var mismatches: [String] = []
            let secrets = secretsByWho
            for write in Write.allCases {
                for who in Who.allCases {
                    for side in Side.allCases {
                        k += 1
                        let id = try Self.prepare(write, side, k: k, queries: queries)
                        let (uri, method, type, body) = Self.request(write, side, id: id, k: k)
                        var headers: HTTPFields = [:]
                        if !type.isEmpty { headers[.contentType] = type }
                        var uriWithKey = uri
                        if let secret = secrets[who] {
                            if write == .open311 {
                                uriWithKey = uri   // Open311 clients send their key in the form
                            } else {
                                headers[.authorization] = "Bearer \(secret)"
                            }
                        }
                        let sent = write == .open311 ? body + (secrets[who].map { "&api_key=" + $0 } ?? "") : body
                        let before = try store.storage.logEnd()
                        let want = side == .inside ? Self.expected[write]![who]!.inside : Self.expected[write]![who]!.outside
                        try await client.execute(uri: uriWithKey, method: method, headers: headers,
                                                 body: sent.isEmpty ? nil : ByteBuffer(string: sent)) { response in
                            let status = Int(response.status.code)
                            let detail = String(buffer: response.body)
                            if status != want {
                                mismatches.append("\(write) by \(who) \(side): \(status), expected \(want): \(detail.prefix(200))")
                            }
                            if status >= 400 {
                                if try store.storage.logEnd() != before { mismatches.append("\(write) by \(who) \(side): refused but the store changed") }
                                // A role held elsewhere: the refusal names where the entity lies.
                                let heldElsewhere = status == 403 && side == .outside && Self.expected[write]![who]!.inside < 300
                                    && write != .reattribute
                                if heldElsewhere, !detail.contains(Self.nanjing) {
                                    mismatches.append("\(write) by \(who) \(side): 403 does not name the area: \(detail.prefix(200))")
                                }
                            }
                        }
                    }
                }
            }
            return mismatches
        }
        #expect(mismatches.isEmpty, Comment(rawValue: "\(mismatches.count) cells differ:\n" + mismatches.joined(separator: "\n")))
    }
}
