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
    /// HTTPS, timeouts, connection caps and rate limits (`TransportConfiguration`).
    public var transport = TransportConfiguration()

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

/// What a token holder may do. Roles are duties, not ranks: a dispatcher does not report cases
/// unless also given `officer`. `admin` grants every role; every token may read.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// Reads layers, cases and dossiers.
    case viewer
    /// Files cases for the public (a citizen app, the 12345 hotline's bridge) through Open311,
    /// and reads; cannot dispatch or edit. Its key may come as Open311's `api_key`.
    case reporter
    /// Reports cases and appends dossier records.
    case officer
    /// Dispatches cases and moves them through their workflow.
    case dispatcher
    /// Imports and edits layers, changes configuration.
    case admin
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
        role == .viewer || roles.contains(role) || roles.contains(.admin) || (role == .reporter && roles.contains(.officer))
    }
}
