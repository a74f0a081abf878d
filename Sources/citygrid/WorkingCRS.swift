import ArgumentParser
import CityImport
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import ProjKit

/// The deployment's working CRS (CGCS2000 / 3-degree Gauss-Krüger CM 120E) and its bridge to
/// the lon/lat the outside world speaks.
enum WorkingCRS {
    static func bridge() throws -> CoordinateBridge {
        let toWorking = try Transform(from: .wgs84, to: .working)
        let toLonLat = try Transform(from: .working, to: .wgs84)
        return CoordinateBridge(toWorking: { try toWorking.transform($0) }, toLonLat: { try toLonLat.transform($0) },
                                served: try servedEPSG.map(served), storageCRS: uri(4549))
    }

    /// The systems the OGC API serves beside CRS84: WGS 84 and CGCS2000 geographic, the working
    /// Gauss–Krüger zone, and UTM 51N (the zone Shanghai's older surveys use).
    static let servedEPSG = [4326, 4490, 4549, 32651]

    static func uri(_ code: Int) -> String { "http://www.opengis.net/def/crs/EPSG/0/\(code)" }

    /// One served system: PROJ transforms from and to the working CRS, in the authority's axis order.
    static func served(_ code: Int) throws -> ServedCRS {
        let system = try CoordinateSystem(epsg: code)
        let swap = try system.authorityAxesNorthFirst()
        let out = try Transform(from: .working, to: system)
        let back = try Transform(from: system, to: .working)
        @Sendable func axes(_ p: Point) -> Point { swap ? Point(x: p.y, y: p.x, z: p.z) : p }
        return ServedCRS(uri: uri(code), isGeographic: system.isGeographic,
                         bridge: CoordinateBridge(toWorking: { try back.transform(axes($0)) }, toLonLat: { axes(try out.transform($0)) }))
    }
}

extension ImportConsole {
    /// Storefronts, structures, cases and officers (at their team's station) are attributed
    /// (cell, parcel, segment and chief, red line) as they are imported, on the zones of the
    /// same load.
    static var attributionStep: AttributionStep {
        let locator = Locator()
        return AttributionStep(storefront: { s, view in try locator.attribute(&s, in: view) },
                               structure: { s, view in try locator.attribute(&s, in: view) },
                               violationCase: { c, view in try locator.attribute(&c, in: view) },
                               officer: { o, view in try locator.attribute(&o, in: view) })
    }
}
