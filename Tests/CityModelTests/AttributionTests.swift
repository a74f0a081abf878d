import Foundation
import Testing
@testable import CityModel

@Suite struct AttributionTests {
    @Test(arguments: [
        (12.0, RedLineVerdict.inside), (5.0001, .inside), (5.0, .needsOnSiteConfirmation), (0.0, .needsOnSiteConfirmation),
        (-5.0, .needsOnSiteConfirmation), (-5.0001, .outside), (-40.0, .outside), (.nan, .needsOnSiteConfirmation),
        (.infinity, .needsOnSiteConfirmation),
    ])
    func verdictWithTheDefaultFiveMetreBand(distance: Double, verdict: RedLineVerdict) {
        #expect(RedLineVerdict.from(signedDistance: distance) == verdict)
    }

    @Test func toleranceIsAParameter() {
        #expect(RedLineVerdict.from(signedDistance: 3, tolerance: 2) == .inside)
        #expect(RedLineVerdict.from(signedDistance: -3, tolerance: 2) == .outside)
        #expect(RedLineVerdict.from(signedDistance: 0, tolerance: 0) == .needsOnSiteConfirmation)
    }

    @Test func liabilityFollowsTheRedLineOnlyForConstructionWaste() throws {
        let waste = try #require(bundledCatalogue.caseTypes.first { $0.redLineDecidesLiability })
        let other = try #require(bundledCatalogue.caseType(code: "0101"))
        func attribution(_ d: Double?) -> Attribution {
            Attribution(gridCode: code("310101-002-005-0012"), subDistrict: "南京东路街道", community: "贵州居委",
                        parcelNumber: "310101002005GB00012",
                        segment: SegmentAttribution(segmentID: "S-9", roadName: "福州路", chiefID: "chief-3", distanceMeters: 4.2),
                        redLine: d.map { RedLineAttribution(redLineID: "R-1", roadName: "福州路", signedDistanceMeters: $0) },
                        zoneVersions: ZoneVersions(grids: "g7", redLines: "r3"))
        }
        #expect(attribution(8).liabilityBasis(for: waste) == .trafficSafety)
        #expect(attribution(-8).liabilityBasis(for: waste) == .environmentalPollution)
        #expect(attribution(2).liabilityBasis(for: waste) == .needsConfirmation)
        #expect(attribution(nil).liabilityBasis(for: waste) == .needsConfirmation)
        #expect(attribution(8).liabilityBasis(for: other) == nil)
        #expect(LiabilityBasis.forConstructionWaste(.inside).labelZH == "危害交通安全")
        let a = attribution(-8)
        #expect(a.redLine?.verdict == .outside)
        #expect(try JSONDecoder().decode(Attribution.self, from: JSONEncoder().encode(a)) == a)
    }
}
