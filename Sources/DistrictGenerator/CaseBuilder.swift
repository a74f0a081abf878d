import CityModel
import GeoCore

/// Violation cases: every catalogue type with every status first (types × statuses, so both lists
/// are covered whatever the count), then random ones weighted towards closed cases. Each case is
/// put where its type happens: at a shop or a structure it concerns, in or beside the street, or
/// in a block; construction waste (the types whose liability the red line decides) goes in turn
/// inside a red line, outside any, and within 5 m of a red-line edge.
struct CaseBuilder {
    var plan: DistrictPlan
    var count: Int
    var asOf: Int
    var history: CaseHistoryMaker

    struct Output {
        var cases: [ViolationCase]
        var steps: [[CaseHistoryMaker.Step]]
    }

    static let statusWeights: [(CaseStatus, Double)] = [
        (.closed, 50), (.dispatched, 10), (.handled, 6), (.verified, 5), (.registered, 5), (.reported, 4),
        (.notRegistered, 6), (.cancelled, 5), (.mergedAsDuplicate, 5), (.escalated, 4),
    ]
    static let shopTypes: Set<String> = ["0102", "0501", "0503", "0504", "0505"]
    static let sourceWeights: [(CaseSource, Double)] = [(.patrol, 45), (.hotline12345, 25), (.camera, 15), (.complaint, 10), (.media, 5)]

    func build(shops: [Storefront], structures: [IllegalStructure], ways: [StreetWay], redLines: PolygonLookup,
               parcels: [Parcel], segments: SegmentLookup, staff: [String], random: inout SplitMix64) throws(DistrictGeneratorError) -> Output {
        let types = history.workflow.catalogue.caseTypes
        let statuses = CaseStatus.allCases
        let busy = ways.filter(\.isBusy).isEmpty ? ways : ways.filter(\.isBusy)
        var place = CasePlacer(redLines: redLines, parcels: parcels, ways: busy, area: plan.area)
        var output = Output(cases: [], steps: [])
        var byType: [String: [String]] = [:]
        var wasteTurn = 0
        for k in 0..<count {
            let type: CaseType, status: CaseStatus
            if k < types.count * statuses.count {
                type = types[k % types.count]
                status = statuses[k / types.count]
            } else {
                type = random.element(of: types)
                status = Self.statusWeights[random.weightedIndex(Self.statusWeights.map(\.1))].0
            }
            let id = "AJ-\(plan.code)-\(pad(k + 1, 6))"
            var shopID: String?, structureID: String?
            let point: Point
            var where_ = ""
            switch type.code {
            case let code where code == "0101" && !structures.isEmpty:
                let s = random.element(of: structures)
                structureID = s.id
                point = Envelope(covering: s.footprint.exterior.points).center
                where_ = s.address
            case let code where Self.shopTypes.contains(code) && !shops.isEmpty:
                let wanted: (Storefront) -> Bool = switch type.code {
                case "0102": { $0.flags.contains(.wallBreaking) }
                case "0501": { $0.licenceStatus != .licensed }
                case "0505": { $0.flags.contains(.outsideTrading) }
                default: { $0.trade == "餐饮" || $0.flags.contains(.outsideTrading) }
                }
                var shop = random.element(of: shops)
                for _ in 0..<40 where !wanted(shop) { shop = random.element(of: shops) }
                shopID = shop.id
                point = shop.point
                where_ = shop.address + shop.name
            default:
                let spot: CasePlacer.Spot
                if type.redLineDecidesLiability {
                    spot = [.insideRedLine, .outsideRedLine, .nearRedLineEdge][wasteTurn % 3]
                    wasteTurn += 1
                } else if ["0401", "0502", "0506", "0303"].contains(type.code) {
                    spot = .insideRedLine
                } else {
                    spot = random.chance(0.5) ? .outsideRedLine : .insideRedLine
                }
                point = try place.point(spot, random: &random)
                where_ = segments.nearestRoad(to: point).map { "\($0)附近" } ?? plan.name
            }
            let late = random.chance(0.3)
            let assignee: Assignment
            let roll = random.unit()
            if roll < 0.1, let chief = segments.nearestChief(to: point) {
                assignee = .roadChief(id: chief)
            } else if roll < 0.25 {
                assignee = .gridTeam(id: "\(plan.code)\(pad(plan.subDistrict(at: point).code, 3))")
            } else {
                let targets = history.departments.proposedTargets(for: type.code, catalogue: history.workflow.catalogue)
                assignee = .department(code: (targets.isEmpty ? type.defaultDepartment : random.element(of: targets.map(\.code))))
            }
            let duplicateOf = byType[type.code]?.last ?? output.cases.last?.id
            let source = Self.sourceWeights[random.weightedIndex(Self.sourceWeights.map(\.1))].0
            let description = "\(type.nameZH)：\(where_)"
            // Open cases mostly recent, finished ones spread over the last five months; start
            // earlier whenever the chain of events would run past "as of".
            let recent = [.reported, .registered, .dispatched, .handled, .verified].contains(status)
            var start = asOf - (recent ? random.int(in: 1...(20 * 24)) : random.int(in: (10 * 24)...(150 * 24))) * 3600
            var made: (ViolationCase, [CaseHistoryMaker.Step])?
            for _ in 0..<20 {
                let fresh = ViolationCase(id: id, typeCode: type.code, source: source, point: point, description: description,
                                          storefrontID: shopID, structureID: structureID, reportedAt: ShanghaiTime.date(start))
                do {
                    made = try history.drive(fresh, to: status, late: late, assignee: assignee, duplicateOf: duplicateOf,
                                             staff: staff, random: &random)
                } catch {
                    throw .geometry(layer: "cases", id: id, reason: "workflow refused the generated history: \(error)")
                }
                if made != nil { break }
                start -= 7 * 86400
            }
            guard let (c, steps) = made else {
                throw .infeasible(layer: "cases", reason: "no history reaching \(status.rawValue) before the as-of date for \(id)")
            }
            output.cases.append(c)
            output.steps.append(steps)
            byType[type.code, default: []].append(id)
        }
        return output
    }
}
