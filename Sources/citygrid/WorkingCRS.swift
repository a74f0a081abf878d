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
        return CoordinateBridge(toWorking: { try toWorking.transform($0) }, toLonLat: { try toLonLat.transform($0) })
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
