import Foundation
import Testing

/// A GeoReport v2 client as the Open311 specification (wiki.open311.org/GeoReport_v2) describes
/// one, against the served sample: it knows the spec's paths, form fields and response members,
/// nothing of CityGrid. Services list; a request POSTed form-encoded with the api_key a city issued
/// to a citizen app (a reporter: may file and read, not dispatch); the request read back; errors as
/// the spec's array of {code, description}; jurisdiction_id accepted.
@Suite(.serialized) struct GeoReportClientTests {
    static let key = "sample-reporter-key-00001"

    static func form(_ fields: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&").utf8)
    }

    /// Every error body is `[{"code": <the HTTP status>, "description": <text>}]`.
    static func checkError(_ answer: (status: Int, body: Data), _ status: Int, mentions: String) throws {
        #expect(answer.status == status, "\(String(decoding: answer.body, as: UTF8.self))")
        let errors = try JSONSerialization.jsonObject(with: answer.body) as? [[String: Any]] ?? []
        #expect(errors.count == 1)
        #expect((errors.first?["code"] as? NSNumber)?.intValue == status)
        let description = errors.first?["description"] as? String ?? ""
        #expect(description.contains(mentions), "\(description)")
    }

    @Test func aCitizenAppFilesAndReadsARequestWithItsAPIKey() async throws {
        let store = try LoadedSample.copy("georeport")   // it files a request
        let config = URL(fileURLWithPath: LoadedSample.directory).appendingPathComponent("server-config.json").path
        let server = try await ServedStore.start(store: store, directory: URL(fileURLWithPath: store).deletingLastPathComponent(), config: config)
        let form = "application/x-www-form-urlencoded"

        // GET services.json: service_code, service_name, description, metadata, type, keywords, group.
        let services = try await server.json("/open311/v2/services.json?jurisdiction_id=shanghai") as? [[String: Any]] ?? []
        #expect(!services.isEmpty)
        for s in services {
            #expect(s["service_code"] is String && s["service_name"] is String && s["metadata"] is Bool)
            #expect(["realtime", "batch", "blackbox"].contains(s["type"] as? String ?? ""))
        }
        let code = try #require(services.first { $0["service_code"] as? String == "0103" }?["service_code"] as? String)

        // POST requests.json with api_key: an array with service_request_id (or token) and service_notice.
        let posted = await server.send("POST", "/open311/v2/requests.json", contentType: form, body: Self.form([
            ("api_key", Self.key), ("jurisdiction_id", "shanghai"), ("service_code", code),
            ("lat", "31.2304"), ("long", "121.4737"), ("description", "人行道上堆放建筑垃圾"),
            ("first_name", "王"), ("last_name", "伟"),
        ]))
        #expect([200, 201].contains(posted.status), "\(String(decoding: posted.body, as: UTF8.self))")
        let created = try JSONSerialization.jsonObject(with: posted.body) as? [[String: Any]] ?? []
        let id = try #require(created.first?["service_request_id"] as? String)
        #expect(created.first?["service_notice"] is String)

        // GET requests/{id}.json: a one-element array with the request's standard members.
        let read = try await server.json("/open311/v2/requests/\(id).json?jurisdiction_id=shanghai") as? [[String: Any]] ?? []
        let request = try #require(read.first)
        #expect(read.count == 1)
        #expect(request["service_request_id"] as? String == id && request["service_code"] as? String == code)
        #expect(request["status"] as? String == "open")
        #expect(abs(((request["lat"] as? NSNumber)?.doubleValue ?? 0) - 31.2304) < 1e-6)
        #expect(abs(((request["long"] as? NSNumber)?.doubleValue ?? 0) - 121.4737) < 1e-6)
        #expect((request["requested_datetime"] as? String)?.hasSuffix("+08:00") == true)
        // GET requests.json lists it among the open ones.
        let open = try await server.json("/open311/v2/requests.json?status=open&service_code=\(code)") as? [[String: Any]] ?? []
        #expect(open.contains { $0["service_request_id"] as? String == id })

        // Errors, each in the spec's shape.
        try Self.checkError(await server.send("POST", "/open311/v2/requests.json", contentType: form,
                                        body: Self.form([("service_code", code), ("lat", "31.2304"), ("long", "121.4737")])), 403, mentions: "api_key")
        try Self.checkError(await server.send("POST", "/open311/v2/requests.json", contentType: form,
                                        body: Self.form([("api_key", "not-issued"), ("service_code", code), ("lat", "31.2304"), ("long", "121.4737")])),
                            403, mentions: "api_key")
        try Self.checkError(await server.send("POST", "/open311/v2/requests.json", contentType: form,
                                        body: Self.form([("api_key", Self.key), ("lat", "31.2304"), ("long", "121.4737")])), 400, mentions: "service_code")
        try Self.checkError(await server.get("/open311/v2/requests/no-such-request.json"), 404, mentions: "no-such-request")
        try Self.checkError(await server.get("/open311/v2/services/0103"), 400, mentions: ".json")

        // The reporter's key files but does not dispatch: the workflow refuses it.
        let dispatch = await server.send("POST", "/api/v1/cases/\(id)/transitions", contentType: "application/json",
                                   body: Data(#"{"event":"register"}"#.utf8), headers: ["Authorization": "Bearer \(Self.key)"])
        #expect(dispatch.status == 403)
    }
}
