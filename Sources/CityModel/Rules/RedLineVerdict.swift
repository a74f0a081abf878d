/// Where a point stands against a road red line. Sign convention: positive distances are inside
/// the red line, negative outside; within `tolerance` of the line either way the verdict needs an
/// officer on site (survey and digitising errors are a few metres).
public enum RedLineVerdict: String, CaseIterable, Hashable, Sendable, Codable {
    case inside, outside, needsOnSiteConfirmation

    public static let defaultToleranceMeters = 5.0

    /// A non-finite distance cannot be judged from the map, so it needs confirmation too.
    public static func from(signedDistance: Double, tolerance: Double = defaultToleranceMeters) -> RedLineVerdict {
        precondition(tolerance >= 0 && tolerance.isFinite, "tolerance is a non-negative number of metres")
        guard signedDistance.isFinite else { return .needsOnSiteConfirmation }
        if signedDistance > tolerance { return .inside }
        if signedDistance < -tolerance { return .outside }
        return .needsOnSiteConfirmation
    }

    public var labelZH: String {
        switch self {
        case .inside: "红线内"
        case .outside: "红线外"
        case .needsOnSiteConfirmation: "需现场确认"
        }
    }
}

/// The legal basis on which construction-waste dumping is pursued (Qingpu practice): inside the road
/// red line it endangers traffic safety, outside it is environmental pollution.
public enum LiabilityBasis: String, CaseIterable, Hashable, Sendable, Codable {
    case trafficSafety, environmentalPollution, needsConfirmation

    public static func forConstructionWaste(_ verdict: RedLineVerdict) -> LiabilityBasis {
        switch verdict {
        case .inside: .trafficSafety
        case .outside: .environmentalPollution
        case .needsOnSiteConfirmation: .needsConfirmation
        }
    }

    public var labelZH: String {
        switch self {
        case .trafficSafety: "危害交通安全"
        case .environmentalPollution: "污染环境"
        case .needsConfirmation: "待现场确认"
        }
    }
}
