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

/// `Idempotency-Key` on the writes, on both storages: what is counted is what the storage holds
/// (rows read back from it, not the server's answers), so a second case written would show.
@Suite struct IdempotencyAPITests {
    static let report = #"{"type":"0101","lon":121.001,"lat":31.001,"description":"占道经营 (idempotency)"}"#
    static let json: HTTPFields = [.contentType: "application/json"]

    static func keyed(_ key: String) -> HTTPFields { json + bearer(Fixture.officer) + [HTTPFields.Element.Name("Idempotency-Key")!: key] }

    /// Cases and case steps as the storage holds them, read through a connection of its own.
    static func stored(_ place: StorageBackend.Place) throws -> (cases: Int, steps: Int) {
        let storage = try place.open()
        return (try storage.storedCount(.cases), try storage.transitionCount())
    }

    @Test(arguments: StorageBackend.available)
    func theSameReportSentThreeTimesWithOneKeyMakesOneCase(backend: StorageBackend) async throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let store = try LayersAPITests.entityStore(in: place)
        let before = try Self.stored(place)
        let app = Fixture.app(store: store)
        try await app.test(.router) { client in
            var bodies: [String] = []
            for attempt in 1...3 {
                try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.keyed("phone-1-action-1"),
                                         body: ByteBuffer(string: Self.report)) { response in
                    #expect(response.status == .created, "\(response.text)")
                    #expect(response.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == (attempt == 1 ? nil : "true"))
                    bodies.append(response.text)
                }
            }
            #expect(Set(bodies).count == 1)
            let after = try Self.stored(place)
            #expect(after.cases == before.cases + 1)
            #expect(after.steps == before.steps + 1)

            // The key with another body: 422 naming the header, nothing written.
            let other = Self.report.replacingOccurrences(of: "31.001", with: "31.002")
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.keyed("phone-1-action-1"),
                                     body: ByteBuffer(string: other)) { response in
                #expect(response.status == .unprocessableContent)
                let names = try response.json()["invalid-params"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
                #expect(names == ["Idempotency-Key"])
            }
            // The same key on another path is another request too.
            try await client.execute(uri: "/api/v1/cases?x=1", method: .post, headers: Self.keyed("phone-1-action-1"),
                                     body: ByteBuffer(string: Self.report)) { response in
                #expect(response.status == .unprocessableContent)
            }
            #expect(try Self.stored(place).cases == before.cases + 1)

            // A new key is a new write; a key that is not a token is refused before anything runs.
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.keyed("phone-1-action-2"),
                                     body: ByteBuffer(string: Self.report)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.keyed(String(repeating: "k", count: 256)),
                                     body: ByteBuffer(string: Self.report)) { response in
                #expect(response.status == .badRequest)
            }
            #expect(try Self.stored(place).cases == before.cases + 2)
        }
    }

    /// A refusal the client can act on is kept and replayed too (a step the workflow does not
    /// allow: the officer's phone shows the conflict, and a repeat does not try again).
    @Test(arguments: StorageBackend.available)
    func aRefusedStepIsAnsweredTheSameWayAgain(backend: StorageBackend) async throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let store = try LayersAPITests.entityStore(in: place)
        let app = Fixture.app(store: store)
        try await app.test(.router) { client in
            let id = try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.json + bearer(Fixture.officer),
                                              body: ByteBuffer(string: Self.report)) { try $0.json()["case"]?["id"]?.stringValue ?? "" }
            let steps = try Self.stored(place).steps
            for attempt in 1...2 {
                // "sendBack" on a case only reported: the workflow does not allow it now.
                try await client.execute(uri: "/api/v1/cases/\(id)/transitions", method: .post, headers: Self.keyed("step-1"),
                                         body: ByteBuffer(string: #"{"event":"sendBack"}"#)) { response in
                    #expect(response.status == .conflict, "\(response.text)")
                    #expect(response.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == (attempt == 1 ? nil : "true"))
                }
            }
            #expect(try Self.stored(place).steps == steps)
        }
    }

    /// Eight copies of one report at once, half through each of two servers (nodes) on the same
    /// storage: one case, every answer either that case or "still running" (409).
    @Test(arguments: StorageBackend.available)
    func concurrentDuplicatesMakeOneCase(backend: StorageBackend) async throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let first = Fixture.app(store: try LayersAPITests.entityStore(in: place))
        // The second node opens the storage after the first has put the accounts in.
        let nodes = [first, Fixture.app(store: try place.store())]
        let before = try Self.stored(place)
        let answers = try await withThrowingTaskGroup(of: [(Int, String?, String)].self) { group in
            for node in nodes {
                group.addTask {
                    try await node.test(.router) { client in
                        try await withThrowingTaskGroup(of: (Int, String?, String).self) { inner in
                            for _ in 0..<4 {
                                inner.addTask {
                                    try await client.execute(uri: "/api/v1/cases", method: .post, headers: Self.keyed("burst-1"),
                                                             body: ByteBuffer(string: Self.report)) { r in
                                        (Int(r.status.code), r.headers[HTTPFields.Element.Name("Idempotent-Replayed")!], r.text)
                                    }
                                }
                            }
                            return try await inner.reduce(into: []) { $0.append($1) }
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(answers.count == 8)
        #expect(answers.allSatisfy { $0.0 == 201 || $0.0 == 409 }, "\(answers.map(\.0))")
        let originals = answers.filter { $0.0 == 201 && $0.1 == nil }
        #expect(originals.count == 1)
        #expect(Set(answers.filter { $0.0 == 201 }.map(\.2)).count == 1)
        #expect(try Self.stored(place).cases == before.cases + 1)
    }

    /// A photo sent twice with one key (the phone lost the first answer): one photo on the case,
    /// the second answer the first's, marked; the key with another photo is refused.
    @Test func aPhotoUploadSentAgainWithItsKeyIsFiledOnce() async throws {
        let s = try await PhotoUploadTests.setup()
        defer { try? FileManager.default.removeItem(atPath: s.folder) }
        let first = try await PhotoFixture.make(PhotoUploadTests.exifNow())
        let second = try await PhotoFixture.make(["--width", "640", "--height", "480"] + PhotoUploadTests.exifNow())
        let raw = bearer(Fixture.officer) + [.contentType: "image/jpeg", HTTPFields.Element.Name("Idempotency-Key")!: "photo-1"]
        try await PhotoUploadTests.app(s).test(.router) { client in
            var answers: [String] = []
            for attempt in 1...2 {
                let r = try await client.execute(uri: "/api/v1/cases/\(s.caseID)/photos?stage=after", method: .post, headers: raw,
                                                 body: ByteBuffer(bytes: first.bytes))
                #expect(r.status == .created, "\(r.text)")
                #expect(r.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == (attempt == 1 ? nil : "true"))
                answers.append(r.text)
            }
            #expect(answers[0] == answers[1])
            let other = try await client.execute(uri: "/api/v1/cases/\(s.caseID)/photos?stage=after", method: .post, headers: raw,
                                                 body: ByteBuffer(bytes: second.bytes))
            #expect(other.status == .unprocessableContent)
            let c = try await client.execute(uri: "/api/v1/cases/\(s.caseID)", method: .get)
            #expect(try c.json()["properties"]?["photos"]?.arrayValue?.count == 1)
        }
    }

    /// The key's life in the store: running, answered, expired, abandoned, released.
    @Test(arguments: StorageBackend.available)
    func keysExpireAndAbandonedClaimsAreFreed(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let queries = Fixture.queries(try place.store())
        let t0 = Date(timeIntervalSince1970: 1_796_000_000)
        let answer = IdempotentAnswer(status: 201, contentType: "application/json", body: Array(#"{"ok":true}"#.utf8))
        #expect(try queries.claimIdempotencyKey("k1", requestDigest: "a", accountID: "u1", now: t0) == .run)
        // Running: the same request is a conflict, another is unprocessable.
        #expect(throws: CityQueryError.self) { try queries.claimIdempotencyKey("k1", requestDigest: "a", accountID: "u1", now: t0) }
        do {
            _ = try queries.claimIdempotencyKey("k1", requestDigest: "b", accountID: "u1", now: t0)
            Issue.record("another request under a running key was not refused")
        } catch let CityQueryError.unprocessable(name, _) { #expect(name == "Idempotency-Key") }
        // Another account's key of the same spelling is its own.
        #expect(try queries.claimIdempotencyKey("k1", requestDigest: "a", accountID: "u2", now: t0) == .run)
        try queries.recordIdempotentAnswer(answer, key: "k1", accountID: "u1")
        #expect(try queries.claimIdempotencyKey("k1", requestDigest: "a", accountID: "u1", now: t0.addingTimeInterval(3600)) == .replay(answer))
        // After the lifetime the key is forgotten.
        let later = t0.addingTimeInterval(CityQueries.idempotencyKeyLifetime + 1)
        #expect(try queries.claimIdempotencyKey("k1", requestDigest: "b", accountID: "u1", now: later) == .run)
        // A claim left running (its node died) is taken over after the abandonment time, not before.
        #expect(throws: CityQueryError.self) {
            try queries.claimIdempotencyKey("k1", requestDigest: "b", accountID: "u1", now: later.addingTimeInterval(CityQueries.abandonedIdempotencyClaim - 1))
        }
        #expect(try queries.claimIdempotencyKey("k1", requestDigest: "b", accountID: "u1",
                                                now: later.addingTimeInterval(CityQueries.abandonedIdempotencyClaim + 1)) == .run)
        // Released (the request failed on the server's side): a repeat runs.
        try queries.releaseIdempotencyKey("k1", accountID: "u1")
        #expect(try queries.claimIdempotencyKey("k1", requestDigest: "b", accountID: "u1", now: later.addingTimeInterval(400)) == .run)
    }
}
