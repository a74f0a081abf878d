import CityModel
import Foundation

/// One GPS fix of an officer's track, in the working CRS, as the store keeps it: append-only,
/// and kept when the roster is imported again (a track is evidence of where a patrol went, and
/// feeds the coverage audit).
public struct OfficerFixRow: Sendable, Hashable {
    public var officerID: String
    public var at: Date
    public var x: Double
    public var y: Double
    public var accuracyMeters: Double?
    public var speedMetersPerSecond: Double?

    public init(officerID: String, at: Date, x: Double, y: Double, accuracyMeters: Double? = nil, speedMetersPerSecond: Double? = nil) {
        self.officerID = officerID
        self.at = StoredTime.rounded(at)
        self.x = x
        self.y = y
        self.accuracyMeters = accuracyMeters
        self.speedMetersPerSecond = speedMetersPerSecond
    }
}
