import CityServer
import CityStore
import Foundation
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Seeded random garbage in query strings, paths and bodies: every answer is a success or a 4xx
/// problem document, never a 5xx or a crash. Replay a failure with SEED=<n>.
@Suite struct MalformedInputTests {

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789,.-+=&%?/{}[]\"':;店网格 ").map(String.init)
    static let pieces = ["bbox=", "limit=", "offset=", "cursor=", "name=", "%", "%E5", "%ZZ", "&", "=", "121.0", "-1e308", "nan",
                         "inf", "99999999999999999999", ",", "..", "/", "%2F", "{", "\u{0}"]

    static func garbage(_ rng: inout SplitMix64, count: Int) -> String {
        (0..<count).map { _ in
            Bool.random(using: &rng) ? pieces.randomElement(using: &rng)! : alphabet.randomElement(using: &rng)!
        }.joined()
    }

    @Test func randomRequestsNeverFailTheServer() async throws {
        let seed = ProcessInfo.processInfo.environment["SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        print("MalformedInputTests seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        var requests: [(String, HTTPRequest.Method, String?)] = []
        for _ in 0..<300 {
            let tail = Self.garbage(&rng, count: Int.random(in: 0...12, using: &rng))
            let encoded = tail.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["#"])) ?? ""
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: requests.append(("/ogc/collections/storefronts/items?" + encoded, .get, nil))
            case 1: requests.append(("/api/v1/layers/storefronts?" + encoded, .get, nil))
            case 2: requests.append(("/ogc/collections/" + (tail.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "x") + "/items", .get, nil))
            case 3: requests.append(("/ogc/collections/grids/items/" + (tail.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? "x"), .get, nil))
            default: requests.append(("/api/v1/layers/grids", .post, #"{"type":"Feature","id":"Z","# + tail))
            }
        }
        let list = requests
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            for (uri, method, body) in list {
                let headers: HTTPFields = body == nil ? [:] : [.contentType: "application/json", .authorization: "Bearer \(Fixture.admin.token)"]
                try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
                    #expect(response.status.code < 500, "seed \(seed): \(method) \(uri) \(body ?? "") → \(response.status) \(response.text)")
                    if response.status.code >= 400 {
                        #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                    }
                }
            }
        }
    }
}
