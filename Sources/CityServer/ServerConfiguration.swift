import CityModel
import Foundation
import GeoCore

/// What a server needs to run: where to listen and how much it accepts. Who may do what is the
/// store's accounts (`citygrid users`), decided by CityQuery's `AccessPolicy`. The
/// working CRS ↔ lon/lat pair and the page limits are not here: they are the queries'
/// (`CoordinateBridge`, `QueryConfiguration`), the same for the CLI and the API.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// When false, GET routes are open to anyone; when true they need a token with `viewer`.
    public var readsRequireToken: Bool
    /// Request bodies larger than this are refused with 413 before any of them is read.
    public var maxBodyBytes: Int
    /// The scheme, host and port put in absolute links (`http://example.org:8080`); nil derives
    /// them from each request's Host header, falling back to `host:port`.
    public var publicBaseURL: String?

    public init(host: String = "127.0.0.1", port: Int = 8080,
                readsRequireToken: Bool = false, maxBodyBytes: Int = 1 << 20,
                publicBaseURL: String? = nil) {
        self.host = host
        self.port = port
        self.readsRequireToken = readsRequireToken
        self.maxBodyBytes = maxBodyBytes
        self.publicBaseURL = publicBaseURL
    }
}
