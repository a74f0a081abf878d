@testable import CityServer
import CityStore
import Hummingbird
import Testing

/// A database that cannot be reached (the primary gone, a failover under way) is a 503 with
/// Retry-After, which a client may wait out; a database that answers with an error stays a 500.
@Suite struct StorageUnavailableTests {
    let request = Request(head: HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/api/v1/cases"),
                          body: RequestBody(buffer: ByteBuffer()))

    @Test func anUnreachableDatabaseIsA503WithRetryAfter() {
        let unreachable = StoreError.unavailable(path: "postgresql://citygrid@10.0.0.1:5432,10.0.0.2:5432/city", reason: "Connection refused")
        let problem = ServerError.from(unreachable, request: request, bodyLimit: 1024)
        #expect(problem.status == .serviceUnavailable)
        #expect(problem.slug == "storage-unavailable")
        #expect(problem.headers[.retryAfter] == "1")
        // Where the database is stays in the log.
        #expect(!problem.detail.contains("10.0.0.1"))
    }

    @Test func aDatabaseThatAnswersWithAnErrorStaysA500() {
        let failed = StoreError.database(path: "postgresql://citygrid@10.0.0.1:5432/city", reason: "PostgreSQL error 42P01: relation does not exist")
        let problem = ServerError.from(failed, request: request, bodyLimit: 1024)
        #expect(problem.status == .internalServerError)
        #expect(problem.headers[.retryAfter] == nil)
    }
}
