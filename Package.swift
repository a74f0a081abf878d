// swift-tools-version:6.1
// CityGrid: a geospatial grid-indexing service for city-management enforcement.
// Dependencies point one way: GeoCore and SpatialIndex depend on nothing; only GEOSKit and
// ProjKit import C; the domain (CityModel) knows nothing of storage or HTTP.
import PackageDescription

/// The R-tree's hot loops index flat arrays whose bounds the tree's construction guarantees;
/// -Ounchecked drops the per-access checks there (measured by rtree-bench) and nowhere else.
let unchecked: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]

let package = Package(
    name: "CityGrid",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rtree-bench", targets: ["rtree-bench"]),
        .library(name: "GeoCore", targets: ["GeoCore"]),
        .library(name: "SpatialIndex", targets: ["SpatialIndex"]),
        .library(name: "GeoIO", targets: ["GeoIO"]),
        .library(name: "CityModel", targets: ["CityModel"]),
        .library(name: "CityStore", targets: ["CityStore"]),
        .library(name: "CityQuery", targets: ["CityQuery"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Pure Swift, no dependencies.
        .target(name: "GeoCore"),
        .target(name: "SpatialIndex", swiftSettings: unchecked),

        .target(name: "GeoIO", dependencies: ["GeoCore"]),
        .target(name: "CityModel", dependencies: ["GeoCore"], resources: [.process("Resources")]),
        .target(name: "CityStore", dependencies: [
            "GeoCore", "SpatialIndex", "CityModel",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),

        .target(name: "CityQuery", dependencies: ["CityStore", "CityModel", "GeoCore", "SpatialIndex"]),

        .executableTarget(name: "rtree-bench", dependencies: ["SpatialIndex"], swiftSettings: unchecked),

        .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore"]),
        .testTarget(name: "SpatialIndexTests", dependencies: ["SpatialIndex"]),
        .testTarget(name: "GeoIOTests", dependencies: ["GeoIO", "GeoCore"]),
        .testTarget(name: "CityModelTests", dependencies: ["CityModel", "GeoCore"]),
        .testTarget(name: "CityStoreTests", dependencies: [
            "CityStore", "SpatialIndex", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CityQueryTests", dependencies: ["CityQuery", "CityStore", "CityModel", "GeoCore"]),
    ]
)
