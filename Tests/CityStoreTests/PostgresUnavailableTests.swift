import CityStore
import Testing

/// A PostgreSQL store nobody answers for is `unavailable` (503 at the server), not a database
/// failure (500). Needs no server: port 1 on loopback refuses the connection.
@Suite struct PostgresUnavailableTests {
    @Test func aDatabaseThatRefusesTheConnectionIsUnavailable() {
        let error = #expect(throws: StoreError.self) {
            try PostgresStorage.open(uri: "postgresql://citygrid@127.0.0.1:1,127.0.0.1:1/city?connect_timeout=2")
        }
        guard case .unavailable(let path, let reason)? = error else {
            Issue.record("expected .unavailable, got \(String(describing: error))")
            return
        }
        #expect(path == "postgresql://citygrid@127.0.0.1:1,127.0.0.1:1/city?connect_timeout=2")
        #expect(reason.contains("cannot connect"), "\(reason)")
    }
}
