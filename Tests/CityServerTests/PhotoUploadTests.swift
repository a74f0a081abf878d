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

/// Evidence photos over HTTP, with photos made by Pillow/piexif carrying known EXIF: each
/// kind of upload with its exact outcome, the served sizes read back by Pillow, and the after-
/// photo a verification needs.
struct PhotoUploadTests {
    /// The case is reported at working (200, 200): lon 121.002, lat 31.002 in the fixture's transform.
    static let caseLonLat = Fixture.toLonLat(Point(x: 200, y: 200))

    struct Setup {
        var queries: CityQueries
        var caseID: String
        var folder: String
    }

    static func setup(type: String = "0503") async throws -> Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("photos-\(UUID().uuidString)").path
        let queries = Fixture.queries(try LayersAPITests.entityStore(), photos: PhotoLibrary(folder: folder))
        Fixture.seedAccounts(queries)
        let outcome = try queries.report(CaseReport(typeCode: type, source: .patrol, point: caseLonLat, description: "占道经营",
                                                    reportedAt: Date().addingTimeInterval(-600)),
                                         by: Caller.commandLine("test"))
        return Setup(queries: queries, caseID: outcome.violationCase.id, folder: folder)
    }

    static func app(_ s: Setup) -> RecordedApplication<some ApplicationProtocol> {
        RecordedApplication(base: buildApplication(queries: s.queries, configuration: Fixture.configuration()))
    }

    static func exifNow(offsetMeters dx: Double = 0, takenAt: Date = Date()) -> [String] {
        let p = Fixture.toLonLat(Point(x: 200 + dx, y: 200))
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy:MM:dd HH:mm:ss"
        return ["--lat", "\(p.y)", "--lon", "\(p.x)", "--taken", f.string(from: takenAt), "--offset", "+00:00"]
    }

    static func form(_ photo: [UInt8], stage: String? = nil, name: String = "photo") -> (HTTPFields, ByteBuffer) {
        let boundary = "----citygrid\(UUID().uuidString)"
        var body: [UInt8] = []
        if let stage { body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"stage\"\r\n\r\n\(stage)\r\n".utf8) }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
        body += photo
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return (bearer(Fixture.officer) + [.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    @Test func aPhotoTakenOnTheSpotIsFiledCleanAndServedWithoutItsExif() async throws {
        let s = try await Self.setup()
        defer { try? FileManager.default.removeItem(atPath: s.folder) }
        let photo = try await PhotoFixture.make(["--width", "2400", "--height", "1800"] + Self.exifNow())
        try await Self.app(s).test(.router) { client in
            let (headers, body) = Self.form(photo.bytes, stage: "before")
            let r = try await client.execute(uri: "/api/v1/cases/\(s.caseID)/photos", method: .post, headers: headers, body: body)
            #expect(r.status == .created, "\(r.text)")
            let filed = try r.json()
            #expect(filed["stage"]?.stringValue == "before")
            #expect(filed["mediaType"]?.stringValue == "image/jpeg")
            #expect(filed["width"]?.doubleValue == 2400 && filed["height"]?.doubleValue == 1800)
            #expect(filed["checks"]?.arrayValue?.isEmpty == true, "\(filed)")
            #expect(abs((filed["position"]?[0]?.doubleValue ?? 0) - (photo.longitude ?? 1)) < 1e-9)

            // The same image again at the same stage changes nothing.
            let again = try await client.execute(uri: "/api/v1/cases/\(s.caseID)/photos", method: .post, headers: headers, body: body)
            #expect(again.status == .ok)
            let c = try await client.execute(uri: "/api/v1/cases/\(s.caseID)", method: .get)
            #expect(try c.json()["properties"]?["photos"]?.arrayValue?.count == 1)

            let url = filed["url"]?.stringValue ?? ""
            let view = try await client.execute(uri: url, method: .get)
            #expect(view.status == .ok && view.headers[.contentType] == "image/jpeg")
            #expect(view.headers[.cacheControl]?.contains("immutable") == true)
            let seen = try await PhotoFixture.inspect(Array(view.body.readableBytesView))
            #expect(seen.width == 1600 && seen.height == 1200 && seen.exifTags == 0)
            let etag = view.headers[.eTag] ?? ""
            let cached = try await client.execute(uri: url, method: .get, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            let thumb = try await client.execute(uri: filed["thumbnailUrl"]?.stringValue ?? "", method: .get)
            let small = try await PhotoFixture.inspect(Array(thumb.body.readableBytesView))
            #expect(small.width == 320 && small.height == 240 && small.exifTags == 0)
        }
    }

    @Test func aPhotoTakenFarAwayOrBeforeTheReportIsFlagged() async throws {
        let s = try await Self.setup()
        defer { try? FileManager.default.removeItem(atPath: s.folder) }
        let far = try await PhotoFixture.make(Self.exifNow(offsetMeters: 300))
        let early = try await PhotoFixture.make(Self.exifNow(takenAt: Date().addingTimeInterval(-86_400)))
        let bare = try await PhotoFixture.make([])
        try await Self.app(s).test(.router) { client in
            let uri = "/api/v1/cases/\(s.caseID)/photos?stage=report"
            let r1 = try await client.execute(uri: uri, method: .post, headers: bearer(Fixture.officer) + [.contentType: "image/jpeg"],
                                              body: ByteBuffer(bytes: far.bytes))
            let checks1 = try r1.json()["checks"]?.arrayValue ?? []
            #expect(checks1.count == 1 && checks1.first?["code"]?.stringValue == "farFromPlace")
            #expect(checks1.first?["message"]?.stringValue == "photo taken 300 m away")
            #expect(abs((checks1.first?["distanceMeters"]?.doubleValue ?? 0) - 300) < 0.2)
            #expect(try r1.json()["flagged"]?.boolValue == true)

            let r2 = try await client.execute(uri: uri, method: .post, headers: bearer(Fixture.officer) + [.contentType: "image/jpeg"],
                                              body: ByteBuffer(bytes: early.bytes))
            #expect(try r2.json()["checks"]?.arrayValue?.map { $0["code"]?.stringValue ?? "" } == ["takenBeforeReport"])
            #expect(try r2.json()["checks"]?[0]?["message"]?.stringValue == "photo taken before the case was reported")

            let r3 = try await client.execute(uri: uri, method: .post, headers: bearer(Fixture.officer) + [.contentType: "image/jpeg"],
                                              body: ByteBuffer(bytes: bare.bytes))
            #expect(try r3.json()["checks"]?.arrayValue?.map { $0["code"]?.stringValue ?? "" } == ["noPosition", "noTime"])
            #expect(try r3.json()["flagged"]?.boolValue == false)
        }
    }

    @Test func eachKindOfBadUploadHasItsOwnAnswerAndStoresNothing() async throws {
        let s = try await Self.setup()
        defer { try? FileManager.default.removeItem(atPath: s.folder) }
        let png = try await PhotoFixture.make(["--format", "png", "--width", "640", "--height", "480"])
        let truncated = try await PhotoFixture.make(["--width", "1600", "--height", "1200", "--truncate", "0.5"])
        let jpeg = try await PhotoFixture.make(Self.exifNow())
        try await Self.app(s).test(.router) { client in
            let uri = "/api/v1/cases/\(s.caseID)/photos"
            func post(_ bytes: [UInt8], type: String, query: String = "") async throws -> TestResponse {
                try await client.execute(uri: uri + query, method: .post, headers: bearer(Fixture.officer) + [.contentType: type],
                                         body: ByteBuffer(bytes: bytes))
            }
            // A PNG is a photo too.
            let p = try await post(png.bytes, type: "image/png")
            #expect(p.status == .created)
            #expect(try p.json()["mediaType"]?.stringValue == "image/png")
            // A JPEG claiming to be a PNG is taken in as what it is.
            let claimed = try await post(jpeg.bytes, type: "image/png")
            #expect(claimed.status == .created)
            #expect(try claimed.json()["mediaType"]?.stringValue == "image/jpeg")
            // A truncated JPEG: 422 naming the body.
            let t = try await post(truncated.bytes, type: "image/jpeg")
            #expect(t.status == .unprocessableContent, "\(t.text)")
            #expect(t.text.contains("body") && t.text.contains("JPEG"))
            // In a form, the part is named.
            let (headers, body) = Self.form(truncated.bytes)
            let tf = try await client.execute(uri: uri, method: .post, headers: headers, body: body)
            #expect(tf.status == .unprocessableContent && tf.text.contains("photo"))
            // Not an image at all: 415 saying what it starts with.
            let pdf = try await post(Array("%PDF-1.7\n1 0 obj".utf8), type: "image/jpeg")
            #expect(pdf.status == .unsupportedMediaType && pdf.text.contains("25 50 44 46"), "\(pdf.text)")
            // 20 MB: over the 15 MB default, 413.
            let big = try await post(jpeg.bytes + [UInt8](repeating: 0, count: 20_000_000), type: "image/jpeg")
            #expect(big.status == .contentTooLarge)
            // A form without a photo part, or a stage that is none: 400 naming it.
            let (h2, b2) = Self.form(jpeg.bytes, name: "picture")
            let noPart = try await client.execute(uri: uri, method: .post, headers: h2, body: b2)
            #expect(noPart.status == .badRequest && noPart.text.contains("photo"))
            let badStage = try await post(jpeg.bytes, type: "image/jpeg", query: "?stage=later")
            #expect(badStage.status == .badRequest && badStage.text.contains("stage"))
            // An unknown case: 404, and nothing filed on it.
            let missing = try await client.execute(uri: "/api/v1/cases/NO-SUCH/photos", method: .post,
                                                   headers: bearer(Fixture.officer) + [.contentType: "image/jpeg"], body: ByteBuffer(bytes: jpeg.bytes))
            #expect(missing.status == .notFound)
            // A viewer may not file photos.
            let viewer = try await client.execute(uri: uri, method: .post, headers: bearer(Fixture.viewer) + [.contentType: "image/jpeg"],
                                                  body: ByteBuffer(bytes: jpeg.bytes))
            #expect(viewer.status == .forbidden)
            // Only the two good uploads are on the case.
            let c = try await client.execute(uri: "/api/v1/cases/\(s.caseID)", method: .get)
            #expect(try c.json()["properties"]?["photos"]?.arrayValue?.count == 2)
        }
    }

    @Test func verificationOfATypeThatNeedsAnAfterPhotoWaitsForOne() async throws {
        let s = try await Self.setup(type: "0101")
        defer { try? FileManager.default.removeItem(atPath: s.folder) }
        let operator_ = Caller.commandLine("test")
        _ = try s.queries.transition(caseID: s.caseID, event: .register(), by: operator_)
        _ = try s.queries.transition(caseID: s.caseID, event: .dispatch(to: .department(code: "enforcement")), by: operator_)
        _ = try s.queries.transition(caseID: s.caseID, event: .reportHandled, by: operator_)
        let after = try await PhotoFixture.make(Self.exifNow())
        try await Self.app(s).test(.router) { client in
            let verify = ByteBuffer(string: #"{"event":"verifyPassed"}"#)
            let headers = bearer(Fixture.officer) + [.contentType: "application/json"]
            let refused = try await client.execute(uri: "/api/v1/cases/\(s.caseID)/transitions", method: .post, headers: headers, body: verify)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains("photos") && refused.text.contains("stage=after"))
            let (h, b) = Self.form(after.bytes, stage: "after")
            let up = try await client.execute(uri: "/api/v1/cases/\(s.caseID)/photos", method: .post, headers: h, body: b)
            #expect(up.status == .created)
            let passed = try await client.execute(uri: "/api/v1/cases/\(s.caseID)/transitions", method: .post, headers: headers, body: verify)
            #expect(passed.status == .ok, "\(passed.text)")
        }
    }

    @Test func aShopDossierTakesPhotosAndShowsThem() async throws {
        let s = try await Self.setup()
        defer { try? FileManager.default.removeItem(atPath: s.folder) }
        // Shop S01 stands at working (100, 100).
        let p = Fixture.toLonLat(Point(x: 100, y: 100))
        let photo = try await PhotoFixture.make(["--lat", "\(p.y)", "--lon", "\(p.x)"])
        try await Self.app(s).test(.router) { client in
            let (h, b) = Self.form(photo.bytes)
            let r = try await client.execute(uri: "/api/v1/dossiers/storefronts/S01/photos", method: .post, headers: h, body: b)
            #expect(r.status == .created, "\(r.text)")
            #expect(try r.json()["stage"]?.stringValue == "record")
            #expect(try r.json()["checks"]?.arrayValue?.isEmpty == true)
            let d = try await client.execute(uri: "/api/v1/dossiers/storefronts/S01", method: .get)
            let dossier = try d.json()
            #expect(dossier["photos"]?.arrayValue?.count == 1)
            #expect(dossier["entity"]?["properties"]?["photos"] == nil)
        }
    }
}
