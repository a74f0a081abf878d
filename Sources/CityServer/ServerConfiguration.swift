import CityModel
import Foundation
import GeoCore

/// What a server needs to run: where to listen, who may do what, and how much it accepts. The
/// working CRS ↔ lon/lat pair and the page limits are not here: they are the queries'
/// (`CoordinateBridge`, `QueryConfiguration`), the same for the CLI and the API.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Bearer tokens and the roles each grants.
    public var tokens: [AccessToken]
    /// When false, GET routes are open to anyone; when true they need a token with `viewer`.
    public var readsRequireToken: Bool
    /// Request bodies larger than this are refused with 413 before any of them is read.
    public var maxBodyBytes: Int
    /// The scheme, host and port put in absolute links (`http://example.org:8080`); nil derives
    /// them from each request's Host header, falling back to `host:port`.
    public var publicBaseURL: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, tokens: [AccessToken] = [],
                readsRequireToken: Bool = false, maxBodyBytes: Int = 1 << 20,
                publicBaseURL: String? = nil) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.readsRequireToken = readsRequireToken
        self.maxBodyBytes = maxBodyBytes
        self.publicBaseURL = publicBaseURL
    }
}

/// One bearer token: the secret, who holds it (recorded as the actor of the changes it makes) and
/// its roles.
public struct AccessToken: Sendable, Hashable, Codable {
    public var token: String
    public var name: String
    public var roles: Set<Role>

    public init(token: String, name: String, roles: Set<Role>) {
        self.token = token
        self.name = name
        self.roles = roles
    }

    public func grants(_ role: Role) -> Bool {
        // Whoever may report as an officer may report for the public too.
        roles.contains { $0.grants(role) }
    }
}
