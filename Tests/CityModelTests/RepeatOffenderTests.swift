import Foundation
import GeoCore
import Testing
@testable import CityModel

@Suite struct RepeatOffenderTests {
    func make(_ id: String, _ type: String, _ x: Double, _ y: Double, _ reported: Date, shop: String? = nil,
              structure: String? = nil, status: CaseStatus = .reported) -> ViolationCase {
        ViolationCase(id: id, typeCode: type, source: .patrol, point: Point(x: x, y: y), description: "",
                      storefrontID: shop, structureID: structure, reportedAt: reported, status: status)
    }

    @Test func linksSameDossierAndNearbySameType() {
        let new = make("N", "0103", 0, 0, shanghai(2026, 3, 20), shop: "SF-1")
        let candidates = [
            make("c1", "0101", 900, 900, shanghai(2026, 3, 1), shop: "SF-1"),
            make("c2", "0103", 12, 16, shanghai(2026, 3, 10)),                 // exactly 20 m
            make("c3", "0103", 31, 0, shanghai(2026, 3, 11)),                  // beyond 30 m
            make("c4", "0102", 3, 4, shanghai(2026, 3, 12)),                   // other type
            make("c5", "0103", 6, 8, shanghai(2026, 3, 13), status: .cancelled),
            make("c6", "0103", 6, 8, shanghai(2026, 3, 21)),                   // later
            make("c8", "0103", 0, 3, shanghai(2025, 2, 1), status: .closed),
            make("N", "0103", 0, 0, shanghai(2026, 3, 1)),                     // itself
        ]
        let rule = RepeatOffenderRule(radiusMeters: 30)
        let links = rule.earlierCases(linkedTo: new, among: candidates)
        #expect(links.map(\.caseID) == ["c2", "c1", "c8"])
        #expect(links[0].reason == .nearbySameType(distanceMeters: 20))
        #expect(links[1].reason == .sameStorefront("SF-1"))
        let recent = RepeatOffenderRule(radiusMeters: 30, lookBack: 365 * 86_400)
        #expect(recent.earlierCases(linkedTo: new, among: candidates).map(\.caseID) == ["c2", "c1"])
    }

    @Test func structureDossierLinksAcrossTypes() {
        let new = make("N", "0101", 0, 0, shanghai(2026, 3, 20), structure: "IS-1")
        let old = make("o", "0102", 500, 0, shanghai(2026, 1, 20), structure: "IS-1")
        let links = RepeatOffenderRule().earlierCases(linkedTo: new, among: [old])
        #expect(links.map(\.reason) == [.sameStructure("IS-1")])
    }
}
