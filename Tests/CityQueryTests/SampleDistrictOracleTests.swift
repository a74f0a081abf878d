import CityImport
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import GEOSKit
import Testing
import TestSupport

/// locate, by-grid and nearest on the shipped sample district against brute force: every entity
/// scanned with GEOS's predicates and distances, an implementation independent of CityQuery's
/// planar arithmetic and of its R-tree.
@Suite(.serialized) struct SampleDistrictOracleTests {
    static let sample: CityStore? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("geodata/sample").path
        guard let store = try? CityStore(database: .inMemory()) else { return nil }
        let loader = DirectoryLoader(importer: LayerFileReader(provider: ProjCRSProvider(), options: ImportOptions()))
        let locator = Locator()
        do {
            _ = try loader.load(directory: directory, into: store,
                                attribution: AttributionStep(storefront: { s, view in try locator.attribute(&s, in: view) },
                                                             structure: { s, view in try locator.attribute(&s, in: view) },
                                                             violationCase: { c, view in try locator.attribute(&c, in: view) }))
        } catch {
            Issue.record("loading \(directory): \(error)")
            return nil
        }
        return store
    }()


    static func seed() -> UInt64 {
        let s = ProcessInfo.processInfo.environment["SEED"].flatMap(UInt64.init) ?? 20_261_129
        print("SampleDistrictOracleTests seed \(s) (replay with SEED=\(s))")
        return s
    }

    @Test func locateAgreesWithGEOSOnRandomPoints() throws {
        let store = try #require(Self.sample)
        let queries = try CityQueries(store: store, bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
        var rng = SplitMix64(seed: Self.seed())
        let (grids, parcels, segments, redlines) = store.read { v in
            (Array(v[.grids].features.values), Array(v[.parcels].features.values),
             Array(v[.segments].features.values), Array(v[.redlines].features.values))
        }
        #expect(grids.count > 400)
        let area = grids.reduce(Envelope.empty) { $0.union($1.envelope) }
        let tolerance = queries.configuration.segmentToleranceMeters
        for _ in 0..<300 {
            let p = Point(x: Double.random(in: area.minX - 50...area.maxX + 50, using: &rng),
                          y: Double.random(in: area.minY - 50...area.maxY + 50, using: &rng))
            let r = try queries.locate(p, crs: .working)
            let point = Geometry.point(p)

            let covering = try grids.filter { try $0.geometry!.covers(point) }.map(\.id).sorted()
            #expect(r.cell?.code == covering.first, "cell of \(p)")
            let parcelsCovering = try parcels.filter { try $0.geometry!.covers(point) }.map(\.id).sorted()
            #expect(r.parcel?.number == parcelsCovering.first, "parcel of \(p)")

            let distances = try segments.map { ($0.id, try $0.geometry!.distance(to: point)) }
            let best = distances.filter { $0.1 <= tolerance }.min { ($0.1, $0.0) < ($1.1, $1.0) }
            #expect(r.segment?.id == best?.0, "segment of \(p)")
            if let got = r.segment?.distanceMeters, let want = best?.1 { #expect(abs(got - want) < 1e-6) }

            // The red line the point is deepest inside (GEOS: inside when covered; depth is the
            // distance to the boundary), else the nearest one within the search distance.
            let signed = try redlines.map { f -> (String, Double) in
                let g = f.geometry!
                let boundaryDistance = try Self.boundary(of: g).distance(to: point)
                return (f.id, try g.covers(point) ? boundaryDistance : -boundaryDistance)
            }.filter { $0.1 >= -queries.configuration.redLineSearchMeters }
            let deepest = signed.max { ($0.1, $1.0) < ($1.1, $0.0) }
            if let deepest, let got = r.redLine {
                #expect(abs(got.signedDistanceMeters - deepest.1) < 1e-6, "red-line depth at \(p)")
                #expect(got.verdict == RedLineVerdict.from(signedDistance: deepest.1, tolerance: 5))
            } else {
                #expect(r.redLine == nil && deepest == nil, "red line near \(p)")
            }
        }
    }

    @Test func storefrontsAndCasesWereAttributedToTheCellGEOSFindsForThem() throws {
        let store = try #require(Self.sample)
        let (cells, shops, cases) = store.read { v in
            (Array(v[.grids].features.values), Array(v[.storefronts].features.values), Array(v[.cases].features.values))
        }
        let prepared = try cells.map { ($0.id, try PreparedGeometry($0.geometry!)) }
        func cell(of p: Geometry) throws -> String? { try prepared.filter { try $0.1.covers(p) }.map(\.0).min() }
        for f in shops {
            let shop = try f.decode(Storefront.self)
            #expect(shop.attribution?.gridCode?.description == (try cell(of: .point(shop.point))), "storefront \(shop.id)")
        }
        for f in cases.prefix(200) {
            let c = try f.decode(ViolationCase.self)
            #expect(c.attribution?.gridCode?.description == (try cell(of: .point(c.point))), "case \(c.id)")
            #expect(c.attribution?.zoneVersions.grids != nil)
        }
    }

    @Test func byGridHoldsExactlyTheStorefrontsGEOSPutsInTheCell() throws {
        let store = try #require(Self.sample)
        let queries = try CityQueries(store: store, bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
        var rng = SplitMix64(seed: Self.seed() ^ 0xC0FFEE)
        let (cells, shops) = store.read { v in (Array(v[.grids].features.values), Array(v[.storefronts].features.values)) }
        var nonEmpty = 0
        for _ in 0..<60 {
            let cell = cells.randomElement(using: &rng)!
            let prepared = try PreparedGeometry(cell.geometry!)
            let want = try shops.filter { try prepared.covers($0.geometry!) }.map(\.id).sorted()
            let report = try queries.grid(code: cell.id, limit: 10_000)
            // A shop exactly on a shared edge counts in both cells here, as GEOS covers says.
            #expect(report.contents.storefronts.items.map(\.id) == want, "cell \(cell.id)")
            #expect(report.contents.figures.storefronts == want.count)
            if !want.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 5, "the sample should put storefronts in some of 60 random cells")
    }

    @Test func nearestOpenCasesAgreeWithASortedScan() throws {
        let store = try #require(Self.sample)
        let queries = try CityQueries(store: store, bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
        var rng = SplitMix64(seed: Self.seed() ^ 0xBEEF)
        let cases = store.read { v in Array(v[.cases].features.values) }
        let open = cases.filter { $0.status.map(CityQueries.openStatuses.contains) == true }
        #expect(open.count > 50)
        let area = cases.reduce(Envelope.empty) { $0.union($1.envelope) }
        for _ in 0..<200 {
            let p = Point(x: Double.random(in: area.minX...area.maxX, using: &rng), y: Double.random(in: area.minY...area.maxY, using: &rng))
            let type = Bool.random(using: &rng) ? "0103" : nil
            let pool = open.filter { type == nil || $0.category == type }
            let want = try pool.map { ($0.id, try $0.geometry!.distance(to: .point(p))) }
                .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(10)
            let got = try queries.nearestCases(to: p, crs: .working, k: 10, types: type.map { [$0] })
            #expect(got.map(\.distanceMeters).enumerated().allSatisfy { abs($0.element - want[want.startIndex + $0.offset].1) < 1e-6 })
            #expect(got.count == want.count)
        }
    }

    /// The rings of a polygonal geometry as lines (GEOS measures the distance to the boundary).
    static func boundary(of g: Geometry) -> Geometry {
        switch g {
        case .polygon(let p): .multiLineString(MultiLineString(p.rings.map { LineString($0.points) }))
        case .multiPolygon(let m): .multiLineString(MultiLineString(m.polygons.flatMap { $0.rings.map { LineString($0.points) } }))
        default: g
        }
    }
}
