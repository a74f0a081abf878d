import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport

/// An application under test whose test client records every exchange (`ResponseRecorder`), so
/// the OpenAPI response check sees what these tests see. The tests call `app.test(.router)` as
/// before: this type's `test` is the one they reach.
struct RecordedApplication<Base: ApplicationProtocol>: Sendable {
    let base: Base

    func test<Value>(_ setup: TestingSetup, _ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await base.test(setup) { client in try await test(RecordingClient(client: client)) }
    }
}

/// A test client that hands each response to `ResponseRecorder` on its way to the test.
struct RecordingClient: TestClientProtocol {
    let client: any TestClientProtocol
    var port: Int? { client.port }

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        ResponseRecorder.record(method: method.rawValue, uri: uri, status: Int(response.status.code),
                                contentType: response.headers[.contentType],
                                body: Data(response.body.readableBytesView), source: "CityServerTests")
        return response
    }
}
