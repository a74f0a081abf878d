import CityModel
import CityQuery
import CityStore
import GeoCore
import Testing

struct AreaTests {
    @Test func byGridCountsWhatTheCellHolds() throws {
        let q = try Fixture.queries(Fixture.makeStore())
        let west = try q.grid(code: "310101-002-001-0001", asOf: Fixture.reportedAt)
        #expect(west.contents.storefronts.items.map(\.id) == ["shop-1", "shop-2"])
        #expect(west.contents.figures.storefronts == 2)
        #expect(west.contents.figures.unlicensed == 1)
        #expect(west.contents.figures.unlicensedShare == 0.5)
        #expect(west.contents.figures.structures == 0)

        let east = try q.grid(code: "3101010020010002", asOf: Fixture.reportedAt)   // compact form accepted
        #expect(east.contents.figures.structures == 1)
        #expect(east.contents.figures.demolished == 1)
        #expect(abs(east.contents.figures.demolishedAreaSquareMeters - 8) < 1e-9)
        #expect(east.contents.figures.storefronts == 1)   // shop-4 at y=95
        #expect(east.contents.figures.expiredLicences == 1)

        let northEast = try q.grid(code: "310101-002-001-0004", asOf: Fixture.reportedAt)
        #expect(northEast.contents.figures.wallBreaking == 1)
        #expect(throws: CityQueryError.notFound(layer: "grids", id: "310101-002-001-0009")) {
            try q.grid(code: "310101-002-001-0009")
        }
    }

    @Test func bySegmentTakesTheRedLineFrontageOfThatStretchOnly() throws {
        let q = try Fixture.queries(Fixture.makeStore())
        let s2 = try q.segment(id: "S2", asOf: Fixture.reportedAt)
        #expect(s2.segment.chief?.id == "B")
        #expect(s2.frontage == "redline")
        #expect(s2.contents.storefronts.items.map(\.id) == ["shop-4"])
        let s1 = try q.segment(id: "S1", asOf: Fixture.reportedAt)
        #expect(s1.contents.storefronts.items.isEmpty)
        // A 45 m corridor around S1 reaches the shops at y=60 (40 m away).
        let wide = try q.segment(id: "S1", corridorMeters: 45, asOf: Fixture.reportedAt)
        #expect(wide.contents.storefronts.items.map(\.id) == ["shop-1", "shop-2"])
        #expect(try q.segments(ofChief: "A").map(\.segment.id) == ["S1"])
        #expect(throws: CityQueryError.self) { try q.segment(id: "S1", corridorMeters: -3) }
    }

    @Test func windowPagesAreStableAndComplete() throws {
        let q = try Fixture.queries(Fixture.makeStore())
        let all = Envelope(minX: -1000, minY: -1000, maxX: 1000, maxY: 1000)
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try q.window(layer: .storefronts, envelope: all, cursor: cursor, limit: 3)
            #expect(page.numberMatched == 4)
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == ["shop-1", "shop-2", "shop-3", "shop-4"])
        // Closed: a window touching the structure's edge finds it.
        let touching = try q.window(layer: .structures, envelope: Envelope(minX: 154, minY: 0, maxX: 160, maxY: 30))
        #expect(touching.items.map(\.id) == ["st-1"])
        #expect(throws: CityQueryError.self) { try q.window(layer: .storefronts, envelope: all, limit: 0) }
    }
}
