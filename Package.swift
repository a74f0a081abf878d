// swift-tools-version:6.0
// CityGrid: a geospatial grid-indexing service for city-management enforcement.
// Dependencies point one way: GeoCore and SpatialIndex depend on nothing; only GEOSKit and
// ProjKit import C; the domain (CityModel) knows nothing of storage or HTTP.
import PackageDescription

let package = Package(
    name: "CityGrid",
    products: [
        .library(name: "GeoCore", targets: ["GeoCore"]),
    ],
    targets: [
        .target(name: "GeoCore"),
    ]
)
