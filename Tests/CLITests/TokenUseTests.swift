import CityModel
import CityQuery
import CityStore
import Foundation
import Testing

/// A token's "last used" as the operator reads it in `citygrid users list` after the server has
/// stopped: the first use is written at once, later ones within the minute, and the one still
/// pending when the server is stopped (SIGTERM) is written on the way out.
@Suite struct TokenUseTests {
    @Test func theLastUseBeforeAStopIsWritten() async throws {
        let server = try await TransportServer.start("token-use")
        let token = TransportServer.officer
        let first = try await server.curl("/api/v1/accounts", headers: ["Authorization": "Bearer \(token)"])
        #expect(first.status == 403)   // the officer is no admin: signed in, refused, the use noted
        try await Task.sleep(for: .milliseconds(1200))
        let secondSent = Date()
        let second = try await server.curl("/api/v1/layers/grids?limit=1", headers: ["Authorization": "Bearer \(token)"])
        #expect(second.status == 200)
        server.process.terminate()
        server.process.waitUntilExit()

        let directory = try CityStore.openStorage(server.store).loadAccounts()
        let used = try #require(directory.token(digest: TokenSecret.digest(token))?.lastUsedAt, "no last use written")
        // Stored times keep milliseconds: allow for the rounding.
        #expect(used >= secondSent.addingTimeInterval(-0.01), "last use \(used) is the first request's, not the second's (\(secondSent))")
    }
}
