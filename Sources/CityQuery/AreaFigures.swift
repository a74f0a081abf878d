import CityModel
import CityStore
import Foundation

/// The figures of an area (a cell, a segment's frontage, a chief's patch): what the grid center
/// reads first.
public struct AreaFigures: Codable, Sendable, Hashable {
    public var storefronts = 0
    public var unlicensed = 0
    public var expiredLicences = 0
    /// unlicensed ÷ storefronts; nil when there are none.
    public var unlicensedShare: Double?
    public var wallBreaking = 0
    public var structures = 0
    public var structureAreaSquareMeters = 0.0
    public var demolished = 0
    public var demolishedAreaSquareMeters = 0.0
    public var openCases = 0
    public var overdueCases = 0
    public var openCasesByType: [String: Int] = [:]
    public var overdueCasesByType: [String: Int] = [:]

    public init() {}

    /// Tallies the given members; `asOf` decides which open cases are overdue.
    init(storefronts: [StoredFeature], structures: [StoredFeature], cases: [StoredFeature],
         asOf: Date, calendar: WorkingCalendar) throws {
        for f in storefronts {
            let shop = try f.decode(Storefront.self)
            self.storefronts += 1
            if shop.licenceStatus == .unlicensed { unlicensed += 1 }
            if shop.licenceStatus == .expired { expiredLicences += 1 }
            if shop.flags.contains(.wallBreaking) { wallBreaking += 1 }
        }
        unlicensedShare = self.storefronts == 0 ? nil : Double(unlicensed) / Double(self.storefronts)
        for f in structures {
            let s = try f.decode(IllegalStructure.self)
            self.structures += 1
            structureAreaSquareMeters += s.areaSquareMeters
            if case .demolished = s.status {
                demolished += 1
                demolishedAreaSquareMeters += s.areaSquareMeters
            }
        }
        for f in cases where f.status.map(CityQueries.openStatuses.contains) == true {
            let c = try f.decode(ViolationCase.self)
            openCases += 1
            openCasesByType[c.typeCode, default: 0] += 1
            if try c.isOverdue(at: asOf, calendar: calendar) {
                overdueCases += 1
                overdueCasesByType[c.typeCode, default: 0] += 1
            }
        }
    }
}
