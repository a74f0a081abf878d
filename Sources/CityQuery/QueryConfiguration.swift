/// The tolerances and defaults of a deployment's queries (all distances in metres of the working
/// CRS).
public struct QueryConfiguration: Sendable, Hashable, Codable {
    /// A reported point within this band of a red line's edge gets "needs on-site confirmation".
    public var redLineToleranceMeters: Double = 5
    /// Red lines farther than this from a point are not reported; the verdict is then "outside".
    public var redLineSearchMeters: Double = 100
    /// The nearest road-chief segment is attributed only within this distance.
    public var segmentToleranceMeters: Double = 60
    /// FixMyStreet's rule: an open case of the same type this close is a likely duplicate…
    public var duplicateRadiusMeters: Double = 250
    /// …when it was reported within this many days.
    public var duplicateWindowDays: Double = 7
    /// A route's start, end and given stops must lie within this distance of a street the travel
    /// mode may use; a case farther away is left out of a route through an area's open cases.
    public var routeSnapMeters: Double = 100
    /// An officer whose last fix is older than this (seconds) is stale: not where the map shows,
    /// and not offered for dispatch.
    public var officerStaleSeconds: Double = 300
    /// Webhooks: the first retry's wait (doubling after each failure, at most five minutes), the
    /// attempts before a batch of steps is set aside as dead letters, and each POST's timeout.
    public var webhookRetrySeconds: Double = 2
    public var webhookMaxAttempts: Double = 8
    public var webhookTimeoutSeconds: Double = 5
    /// The hosts a webhook may be sent to (nil: any). A subscription is a request the server
    /// makes on a caller's behalf; naming the receivers keeps it from reaching hosts inside the
    /// network it should not (SSRF).
    public var webhookHosts: Set<String>?
    /// Evidence photos: the largest accepted (bytes), how far from the case (metres) and how long
    /// before its report (seconds) a photo may have been taken before it is flagged for the verifier.
    public var photoMaxBytes: Double = 15_000_000
    public var photoMaxDistanceMeters: Double = 100
    public var photoReportSlackSeconds: Double = 1_800
    /// Page size limits for list queries.
    public var defaultPageSize: Int = 100
    public var maxPageSize: Int = 10_000

    public init() {}
}
