import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import TestSupport

/// A district small enough to know every answer by construction (working CRS, metres):
///
///   y=200 ┌──────────┬──────────┐   cells 0003 (west) and 0004 (east) on top,
///         │   0003   │   0004   │   0001 (west) and 0002 (east) below; each 100 m square.
///   y=110 ├ ─ ─ ─ red line of 南京东路, y 90…110, x -50…250 ─ ─┤
///   y=100 │━━━━━ S1 (chief A) ━━━━┿━━━━ S2 (chief B) ━━━━━│   the centreline
///   y=90  ├ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ┤
///         │   0001   │   0002   │   parcel P-W covers x 0…100, P-E x 100…200 (all y)
///   y=0   └──────────┴──────────┘
///        x=0       x=100      x=200
enum Fixture {
    static func rect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Polygon {
        Polygon(exterior: LinearRing([Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1),
                                      Point(x: x0, y: y1), Point(x: x0, y: y0)]))
    }

    static let identity = CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 })
    static let reportedAt = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00+08:00")!   // a Monday

    static func cell(_ n: Int, _ x: Double, _ y: Double, community: String) throws -> GridCell {
        GridCell(code: try GridCode(parsing: "310101-002-001-000\(n)"), subDistrictName: "南京东路街道",
                 communityName: community, officer: "网格员\(n)", polygon: rect(x, y, x + 100, y + 100))
    }

    static func makeStore() throws -> CityStore {
        try makeStore(on: CityDatabase.inMemory())
    }

    /// The district written to `place`'s storage, then opened anew from it, so that every read
    /// goes through what that storage gave back (on PostgreSQL: jsonb attributes, PostGIS WKB).
    static func makeStore(in place: StorageBackend.Place) throws -> CityStore {
        _ = try makeStore(on: place.open())
        return try place.store()
    }

    static func makeStore(on storage: any CityStorage) throws -> CityStore {
        let store = try CityStore(storage: storage)
        var batch = WriteBatch()
        batch.insert(try StoredFeature(cell(1, 0, 0, community: "贵州居委会")))
        batch.insert(try StoredFeature(cell(2, 100, 0, community: "贵州居委会")))
        batch.insert(try StoredFeature(cell(3, 0, 100, community: "北京东路居委会")))
        batch.insert(try StoredFeature(cell(4, 100, 100, community: "北京东路居委会")))
        batch.insert(try StoredFeature(Parcel(number: "P-W", landUse: .commercial, holder: "甲公司", polygon: rect(0, 0, 100, 200))))
        batch.insert(try StoredFeature(Parcel(number: "P-E", landUse: .residential, holder: nil, polygon: rect(100, 0, 200, 200))))
        let chiefA = RoadChief(id: "A", name: "张路长", unit: "南京东路街道", phone: "021-63211111")
        let chiefB = RoadChief(id: "B", name: "李路长", unit: "南京东路街道", phone: "13800000000")
        batch.insert(try StoredFeature(ChiefSegment(segment: RoadSegment(
            id: "S1", roadName: "南京东路", roadClass: .primary,
            centreline: LineString([Point(x: -50, y: 100), Point(x: 100, y: 100)]), chiefID: "A"), chief: chiefA)))
        batch.insert(try StoredFeature(ChiefSegment(segment: RoadSegment(
            id: "S2", roadName: "南京东路", roadClass: .primary,
            centreline: LineString([Point(x: 100, y: 100), Point(x: 250, y: 100)]), chiefID: "B"), chief: chiefB)))
        batch.insert(try StoredFeature(RedLine(id: "RL-1", roadName: "南京东路", polygon: rect(-50, 90, 250, 110), widthMeters: 20)))

        // Storefronts: two in cell 0001 (one unlicensed), one in 0004 (unlicensed, wall-breaking),
        // one on the road inside the red line in front of S2.
        batch.insert(try StoredFeature(Storefront(id: "shop-1", name: "老盛昌汤包", address: "南京东路1号", licenceNumber: nil,
                                                  licenceStatus: .licensed, trade: "餐饮", point: Point(x: 20, y: 60))))
        batch.insert(try StoredFeature(Storefront(id: "shop-2", name: "小杨生煎", address: "南京东路3号", licenceNumber: nil,
                                                  licenceStatus: .unlicensed, trade: "餐饮", point: Point(x: 70, y: 60))))
        batch.insert(try StoredFeature(Storefront(id: "shop-3", name: "烟杂店", address: "南京东路8号", licenceNumber: nil,
                                                  licenceStatus: .unlicensed, trade: "零售", point: Point(x: 150, y: 150),
                                                  flags: [.wallBreaking])))
        batch.insert(try StoredFeature(Storefront(id: "shop-4", name: "报亭", address: "南京东路路边", licenceNumber: nil,
                                                  licenceStatus: .expired, trade: "报刊", point: Point(x: 180, y: 95))))
        // A structure of 4 m × 2 m = 8 m² in cell 0002, demolished.
        batch.insert(try StoredFeature(IllegalStructure(id: "st-1", holder: "王某", address: "贵州路5号",
                                                        footprint: rect(150, 20, 154, 22),
                                                        status: .demolished(reportedAt), history: [])))
        try store.commit(batch)
        return store
    }

    static func queries(_ store: CityStore) throws -> CityQueries {
        try CityQueries(store: store, bridge: identity)
    }
}

extension Caller {
    /// A city-wide account with every role, named as the case history records it.
    static func staff(_ name: String, roles: Set<Role> = Set(Role.allCases), areas: [AreaScope] = [.city]) -> Caller {
        Caller(Principal(.account(Account(id: "u-\(name)", name: name, unit: "测试", roles: roles, areas: areas,
                                          createdAt: .distantPast), tokenID: "t-test")), via: "test")
    }
}
