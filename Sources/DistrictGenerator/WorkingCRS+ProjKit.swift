import GeoCore
import ProjKit

extension CRSConversion {
    /// Both directions through PROJ (ProjKit): WGS 84 / CRS84 longitude-latitude ↔ EPSG:4549, one
    /// array call per geometry.
    static func make() throws -> CRSConversion {
        let forward = try Transform(from: .wgs84, to: .working)
        let inverse = try forward.inverted()
        return CRSConversion(toWorking: { points in
            var p = points
            try forward.transform(&p)
            return p
        }, toLonLat: { points in
            var p = points
            try inverse.transform(&p)
            return p
        })
    }
}
