import Foundation

/// How the server meets the network: HTTPS, and the limits that keep one client from starving the
/// others (slow or stuck connections, too many connections, too many reports). Every member has a
/// default, so a configuration that says nothing of transport serves plain HTTP with the limits on.
public struct TransportConfiguration: Sendable, Equatable {
    /// The PEM certificate chain and private key; when set the port speaks only HTTPS.
    public var tls: TLSFiles?
    /// A connection that has not sent a whole request head (or, between requests, anything) for
    /// this long is closed: what frees the server from clients that open a socket and stall.
    public var idleTimeoutSeconds: Double
    /// Connections one client address may hold open at once; more are closed as they arrive.
    public var maxConnectionsPerAddress: Int
    /// The token buckets of the routes marked `Endpoint.rateLimited` (the reports).
    public var reportLimits: RateLimits

    public init(tls: TLSFiles? = nil, idleTimeoutSeconds: Double = 10, maxConnectionsPerAddress: Int = 64,
                reportLimits: RateLimits = RateLimits()) {
        self.tls = tls
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.reportLimits = reportLimits
    }
}

/// The two token buckets every rate-limited request draws from: one per bearer token (so one
/// leaked or runaway client app is held back) and one per client address (so anonymous and
/// many-token floods are too). A request is refused when either bucket is empty.
public struct RateLimits: Sendable, Equatable {
    /// Sustained rate per bearer token, requests per minute, and how many may come at once.
    public var perTokenPerMinute: Double
    public var perTokenBurst: Int
    /// Sustained rate per client address, requests per minute, and how many may come at once.
    public var perAddressPerMinute: Double
    public var perAddressBurst: Int
    /// How many tokens and addresses are remembered at most; buckets that have refilled are
    /// forgotten first (forgetting a full bucket loses nothing).
    public var maxTrackedClients: Int

    public init(perTokenPerMinute: Double = 30, perTokenBurst: Int = 10,
                perAddressPerMinute: Double = 60, perAddressBurst: Int = 20, maxTrackedClients: Int = 100_000) {
        self.perTokenPerMinute = perTokenPerMinute
        self.perTokenBurst = perTokenBurst
        self.perAddressPerMinute = perAddressPerMinute
        self.perAddressBurst = perAddressBurst
        self.maxTrackedClients = maxTrackedClients
    }
}

/// Where the server's certificate chain and key are (PEM files), as given on the command line or
/// in the configuration file; read and checked by `TLSFiles.loaded()` before the server listens.
public struct TLSFiles: Sendable, Equatable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}
