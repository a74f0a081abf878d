import Foundation
import GeoCore
import Testing
@testable import CityModel

@Suite struct EntityValidationTests {
    let cellCode = code("310101-002-005-0012")
    let open = Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 1, y: 1), Point(x: 0, y: 1)]))
    let triangleOf3 = Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 0, y: 0)]))
    let nanRing = Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: .nan, y: 0), Point(x: 1, y: 1), Point(x: 0, y: 0)]))
    let bigHole = Polygon(exterior: squareRing(0, 0, 10), holes: [squareRing(-5, -5, 20)])

    @Test func gridCell() throws {
        let cell = GridCell(code: cellCode, subDistrictName: "南京东路街道", communityName: "贵州居委", officer: "王网格员",
                            polygon: square(0, 0, 100))
        try cell.validate()
        #expect(cell.areaSquareMeters == 10_000)
        #expect(cell.id == "310101-002-005-0012")
        var bad = cell; bad.subDistrictName = " "
        #expect(invalidField { try bad.validate() } == "subDistrictName")
        bad = cell; bad.shape = MultiPolygon([square(0, 0, 1), open])
        #expect(invalidField { try bad.validate() } == "shape[1].exterior")
        bad = cell; bad.shape = MultiPolygon([])
        #expect(invalidField { try bad.validate() } == "shape")
        bad = cell; bad.shape = MultiPolygon([bigHole])
        #expect(invalidField { try bad.validate() } == "shape[0]")
        if case .invalidEntity(let entity, let id, _, _) = thrown({ try bad.validate() }) {
            #expect(entity == "GridCell" && id == "310101-002-005-0012")
        } else { Issue.record("no entity error") }
    }

    @Test func parcel() throws {
        let p = Parcel(number: "310101002005GB00012", landUse: .residential, holder: "张三", polygon: square(0, 0, 20))
        try p.validate()
        #expect(p.landUse.labelZH == "住宅用地" && p.landUse.rawValue == "07")
        var bad = p; bad.number = "31 01"
        #expect(invalidField { try bad.validate() } == "number")
        bad = p; bad.polygon = triangleOf3
        #expect(invalidField { try bad.validate() } == "polygon.exterior")
        bad = p; bad.polygon = nanRing
        #expect(invalidField { try bad.validate() } == "polygon.exterior[1]")
        bad = p; bad.polygon = Polygon(exterior: squareRing(0, 0, 10), holes: [open.exterior])
        #expect(invalidField { try bad.validate() } == "polygon.holes[0]")
    }

    @Test func roadsSegmentsChiefsRedLines() throws {
        let line = LineString([Point(x: 0, y: 0), Point(x: 100, y: 0)])
        let road = Road(id: "R1", name: "福州路", roadClass: .secondary, centreline: MultiLineString([line]))
        try road.validate()
        #expect(RoadClass(osmHighway: "primary_link") == .primary && RoadClass(osmHighway: "living_street") == .livingStreet)
        #expect(RoadClass(osmHighway: "bus_guideway") == .other)
        var badRoad = road; badRoad.centreline = MultiLineString([line, LineString([Point(x: 1, y: 1)])])
        #expect(invalidField { try badRoad.validate() } == "centreline[1]")

        let segment = RoadSegment(id: "S1", roadName: "福州路", roadClass: .secondary, centreline: line, chiefID: "chief-3")
        try segment.validate()
        #expect(segment.lengthMeters == 100)
        var badSegment = segment; badSegment.centreline = LineString([Point(x: 1, y: 1), Point(x: 1, y: 1)])
        #expect(invalidField { try badSegment.validate() } == "centreline")
        badSegment = segment; badSegment.centreline = LineString([Point(x: 1, y: 1), Point(x: .infinity, y: 1)])
        #expect(invalidField { try badSegment.validate() } == "centreline[1]")

        let chief = RoadChief(id: "chief-3", name: "李路长", unit: "南京东路街道办事处", phone: "021-6321 0000")
        try chief.validate()
        try RoadChief(id: "c", name: "n", unit: "u", phone: "13800138000").validate()
        var badChief = chief; badChief.phone = "call me"
        #expect(invalidField { try badChief.validate() } == "phone")
        badChief = chief; badChief.unit = ""
        #expect(invalidField { try badChief.validate() } == "unit")

        let red = RedLine(id: "L1", roadName: "福州路", polygon: square(0, -12, 24), widthMeters: 24)
        try red.validate()
        var badRed = red; badRed.widthMeters = -1
        #expect(invalidField { try badRed.validate() } == "widthMeters")
        badRed = red; badRed.widthMeters = .nan
        #expect(invalidField { try badRed.validate() } == "widthMeters")
    }

    @Test func storefrontAndItsDossier() throws {
        // GB 32100-2015's own example code.
        var shop = Storefront(id: "SF-1", name: "老王面馆", address: "福州路100号", licenceNumber: "91350100M000100Y43",
                              licenceStatus: .licensed, trade: "餐饮", point: Point(x: 10, y: 10),
                              footprint: square(5, 5, 10), flags: [.wallBreaking])
        try shop.validate()
        try shop.append(DossierRecord(kind: .inspection, date: shanghai(2026, 3, 1), officer: "执法队员A", attachments: ["photo-1.jpg"]))
        try shop.append(DossierRecord(kind: .warning, date: shanghai(2026, 3, 2), officer: "执法队员A"))
        #expect(thrown { try shop.append(DossierRecord(kind: .penalty, date: shanghai(2026, 2, 28), officer: "A")) }
                == .outOfOrderRecord(entity: "Storefront", id: "SF-1", previous: shanghai(2026, 3, 2), appended: shanghai(2026, 2, 28)))
        #expect(shop.records.count == 2)
        try shop.validate()

        var bad = shop; bad.licenceNumber = "91350100M000100Y44"
        #expect(invalidField { try bad.validate() } == "licenceNumber")
        bad = shop; bad.licenceNumber = nil
        #expect(invalidField { try bad.validate() } == "licenceNumber")
        bad.licenceStatus = .unlicensed
        try bad.validate()
        bad = shop; bad.licenceNumber = "310101000123456"   // an old 15-digit registration number
        try bad.validate()
        bad = shop; bad.point = Point(x: .nan, y: 0)
        #expect(invalidField { try bad.validate() } == "point")
        bad = shop; bad.footprint = open
        #expect(invalidField { try bad.validate() } == "footprint.exterior")
        let forged = Storefront(id: "SF-2", name: "n", address: "a", licenceStatus: .unlicensed, trade: "t", point: Point(x: 0, y: 0),
                                records: [DossierRecord(kind: .inspection, date: shanghai(2026, 3, 2), officer: "A"),
                                          DossierRecord(kind: .warning, date: shanghai(2026, 3, 1), officer: "A")])
        #expect(invalidField { try forged.validate() } == "records[1].date")
        let noOfficer = Storefront(id: "SF-3", name: "n", address: "a", licenceStatus: .unlicensed, trade: "t", point: Point(x: 0, y: 0),
                                   records: [DossierRecord(kind: .inspection, date: shanghai(2026, 3, 2), officer: "")])
        #expect(invalidField { try noOfficer.validate() } == "records[0].officer")
    }

    @Test func illegalStructureAreaAndStatus() throws {
        // A 4 m × 2 m shed: about the article's 8 m² per household.
        let shed = Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: 4, y: 0), Point(x: 4, y: 2), Point(x: 0, y: 2), Point(x: 0, y: 0)]))
        var s = IllegalStructure(id: "IS-1", holder: "张庙街道某户", address: "长江西路1号", footprint: shed)
        #expect(s.areaSquareMeters == 8)
        try s.append(DossierRecord(kind: .survey, date: shanghai(2026, 3, 1), officer: "A"))
        s.status = .demolished(shanghai(2026, 4, 1))
        try s.validate()
        #expect(s.status.labelZH == "已拆除")
        var bad = s; bad.holder = ""
        #expect(invalidField { try bad.validate() } == "holder")
        bad = s; bad.footprint = bigHole
        #expect(invalidField { try bad.validate() } == "footprint")
        bad = s; bad.status = .demolished(Date(timeIntervalSinceReferenceDate: .nan))
        #expect(invalidField { try bad.validate() } == "status.demolished")
    }

    @Test func violationCaseFields() throws {
        let c = ViolationCase(id: "C-1", typeCode: "0103", source: .hotline12345, point: Point(x: 1, y: 2), description: "",
                              reportedAt: shanghai(2026, 3, 1))
        try c.validate()
        var bad = c; bad.typeCode = "103"
        #expect(invalidField { try bad.validate() } == "typeCode")
        bad = c; bad.point = Point(x: 1, y: .infinity)
        #expect(invalidField { try bad.validate() } == "point")
        bad = c; bad.id = ""
        #expect(invalidField { try bad.validate() } == "id")
        bad = c; bad.storefrontID = ""
        #expect(invalidField { try bad.validate() } == "storefrontID")
        bad = c; bad.attribution = Attribution(segment: SegmentAttribution(segmentID: "S", roadName: "r", chiefID: nil, distanceMeters: -1))
        #expect(invalidField { try bad.validate() } == "attribution.segment.distanceMeters")
        var red = RedLineAttribution(redLineID: "R", roadName: "r", signedDistanceMeters: 9)
        bad = c; bad.attribution = Attribution(redLine: red)
        try bad.validate()
        red.verdict = .outside
        bad.attribution = Attribution(redLine: red)
        #expect(invalidField { try bad.validate() } == "attribution.redLine.verdict")
    }

    @Test func licenceCheckCharacterAgreesWithAnIndependentComputation() {
        // The check character computed in the test from the GB 32100 formula written out directly:
        // weight of position i is 3^(i-1) mod 31; check = 31 - (sum mod 31), 31 → 0.
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var seed: UInt64 = 20261129
        print("licence seed \(seed)")
        for _ in 0..<200 {
            var body: [Character] = []
            for _ in 0..<17 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                body.append(alphabet[Int(seed >> 33) % 31])
            }
            var sum = 0, weight = 1
            for c in body { sum += alphabet.firstIndex(of: c)! * weight; weight = weight * 3 % 31 }
            let check = alphabet[(31 - sum % 31) % 31]
            #expect(BusinessLicence.problem(with: String(body + [check])) == nil)
            let wrong = alphabet[((31 - sum % 31) % 31 + 1) % 31]
            #expect(BusinessLicence.problem(with: String(body + [wrong])) != nil)
        }
        #expect(BusinessLicence.problem(with: "91350100M000100YI3")?.contains("alphabet") == true)
    }

    /// The messages, worded by Characters whatever the text: ASCII numbers take a byte path and
    /// the rest the Character path, and both must say the same things.
    @Test func licenceProblemsAreWordedByCharacter() {
        #expect(BusinessLicence.problem(with: "123456789012345") == nil)
        #expect(BusinessLicence.problem(with: "12345678901234X") == "a 15-character registration number has only digits")
        #expect(BusinessLicence.problem(with: "12345678901234５") == "a 15-character registration number has only digits")
        #expect(BusinessLicence.problem(with: "913") == "has 3 characters; a unified social credit code has 18 (or an old registration number 15)")
        #expect(BusinessLicence.problem(with: "１２３") == "has 3 characters; a unified social credit code has 18 (or an old registration number 15)")
        // CR LF is one Character: 17 of them make 17 characters, not 18.
        #expect(BusinessLicence.problem(with: "91310101\r\n12345678") == "has 17 characters; a unified social credit code has 18 (or an old registration number 15)")
        #expect(BusinessLicence.problem(with: "91310101e\u{301}123456789") == "character 9 'é' is not in the GB 32100 alphabet")
        #expect(BusinessLicence.problem(with: "91310101k123456789") == "character 9 'k' is not in the GB 32100 alphabet")
        // 9131010100000000 + check: sum = 9·1 + 1·3 + 3·9 + 1·27 + 1·26 + 1·17 = 109, 109 mod 31 = 16, 31 − 16 = 15 → 'F'.
        #expect(BusinessLicence.problem(with: "91310101000000000F") == nil)
        #expect(BusinessLicence.problem(with: "91310101000000000G") == "check character is 'G', GB 32100 gives 'F'")
    }
}
