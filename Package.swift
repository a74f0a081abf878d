// swift-tools-version:6.1
// CityGrid: a geospatial grid-indexing service for city-management enforcement.
// Dependencies point one way: GeoCore and SpatialIndex depend on nothing; only GEOSKit, ProjKit
// and PQKit import C; the domain (CityModel) knows nothing of storage or HTTP.
import PackageDescription

/// The R-tree's hot loops index flat arrays whose bounds the tree's construction guarantees;
/// -Ounchecked drops the per-access checks there (measured by rtree-bench) and nowhere else.
let unchecked: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let coreMetrics = Target.Dependency.product(name: "CoreMetrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")

let package = Package(
    name: "CityGrid",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "citygrid", targets: ["citygrid"]),
        .executable(name: "rtree-bench", targets: ["rtree-bench"]),
        .executable(name: "patrol-bench", targets: ["patrol-bench"]),
        .executable(name: "live-bench", targets: ["live-bench"]),
        .library(name: "GeoCore", targets: ["GeoCore"]),
        .library(name: "SpatialIndex", targets: ["SpatialIndex"]),
        .library(name: "GEOSKit", targets: ["GEOSKit"]),
        .library(name: "ProjKit", targets: ["ProjKit"]),
        .library(name: "PQKit", targets: ["PQKit"]),
        .library(name: "ImageKit", targets: ["ImageKit"]),
        .library(name: "GeoIO", targets: ["GeoIO"]),
        .library(name: "CityModel", targets: ["CityModel"]),
        .library(name: "CityStore", targets: ["CityStore"]),
        .library(name: "CityQuery", targets: ["CityQuery"]),
        .library(name: "Patrol", targets: ["Patrol"]),
        .library(name: "CityServer", targets: ["CityServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The server's /metrics: recorded through swift-metrics, kept and rendered by swift-prometheus.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // SHA-256 of account tokens' secrets (CityQuery's TokenSecret); BoringSSL's on Linux.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Already in the graph through hummingbird; named because the transport imports them.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
        // Already in the graph through hummingbird: the live event stream ends on graceful shutdown.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Pure Swift, no dependencies.
        .target(name: "GeoCore"),
        .target(name: "SpatialIndex", swiftSettings: unchecked),

        // The C libraries, each behind a module map with a one-line shim header; only one Swift
        // module imports each (scripts/check-architecture: OWNED_C_LIBRARIES).
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .target(name: "GEOSKit", dependencies: ["GeoCore", "CGEOS"]),
        .target(name: "ProjKit", dependencies: ["GeoCore", "CPROJ"]),
        // PostgreSQL through libpq rather than PostgresNIO: see Sources/PQKit/PQConnection.swift.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "PQKit", dependencies: ["CLibPQ"]),
        // Evidence photos through libvips: decoding, EXIF orientation, the served sizes without
        // metadata (Sources/ImageKit/PhotoRenditions.swift). The EXIF reader beside it is Swift.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .target(name: "ImageKit", dependencies: ["CVips"]),

        // Files, the domain, its store and its questions.
        .target(name: "GeoIO", dependencies: ["GeoCore"]),
        .target(name: "CityModel", dependencies: ["GeoCore"], resources: [.process("Resources")]),
        .target(name: "CityStore", dependencies: ["GeoCore", "SpatialIndex", "CityModel", "PQKit", grdb,
                                                 .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "CityQuery", dependencies: ["CityStore", "CityModel", "GeoCore", "GEOSKit", "SpatialIndex", "Patrol", "ImageKit",
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        // The monthly report's documents (HTML, PDF through Chromium, XLSX): rendering, neither a
        // question (CityQuery) nor HTTP (CityServer), shared by the CLI and the server.
        .target(name: "CityReport", dependencies: ["CityQuery", "CityModel", "GeoCore"]),
        .target(name: "CityImport", dependencies: ["GeoCore", "GeoIO", "CityModel", "CityStore", "GEOSKit", "ProjKit", "SpatialIndex", "ImageKit",
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "DistrictGenerator", dependencies: [
            "GeoCore", "GeoIO", "CityModel", "SpatialIndex", "GEOSKit", "ProjKit",
        ]),
        .target(name: "Patrol", dependencies: ["GeoCore", "SpatialIndex"], resources: [.process("Resources")]),
        .target(name: "CityServer", dependencies: [
            "GeoCore", "CityModel", "CityQuery", "CityReport", "Patrol", "SpatialIndex", hummingbird, coreMetrics, prometheus,
            // The transport (Sources/CityServer/Transport): HTTPS through Hummingbird's TLS channel
            // over swift-nio-ssl, and the channel pieces for slow clients and connection caps,
            // which name SwiftNIO's and swift-log's types.
            .product(name: "HummingbirdTLS", package: "hummingbird"), .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.copy("Resources/web")]),

        // jemalloc replaces glibc's malloc in the one binary: records are made on one thread and
        // freed on another (an import's producers and writer, a server's event loops), which
        // glibc's arenas handle poorly (a million-shop import: 29 s with glibc, 22 s with jemalloc).
        .executableTarget(name: "citygrid", dependencies: [
            "GeoCore", "ProjKit", "GEOSKit", "GeoIO", "CityModel", "CityStore", "CityQuery", "CityImport",
            "DistrictGenerator", "Patrol", "CityServer", "CityReport", argumentParser,
        ], linkerSettings: [.linkedLibrary("jemalloc")]),

        // Benchmarks, each against the references in ../shared/bench.
        .executableTarget(name: "rtree-bench", dependencies: ["SpatialIndex"], swiftSettings: unchecked),
        .executableTarget(name: "patrol-bench", dependencies: ["Patrol", "GeoCore", "GeoIO"]),
        .executableTarget(name: "live-bench", dependencies: ["CityQuery", "CityStore", "CityModel", "GeoCore"]),

        // The seeded generator every random test uses (one copy, not one per test target).
        .target(name: "TestSupport", dependencies: ["GeoCore", "PQKit", "CityStore", grdb], path: "Tests/Support"),
        .testTarget(name: "GeoCoreTests", dependencies: ["TestSupport", "GeoCore"]),
        .testTarget(name: "SpatialIndexTests", dependencies: ["TestSupport", "SpatialIndex"]),
        .testTarget(name: "GEOSKitTests", dependencies: ["TestSupport", "GEOSKit", "GeoCore"]),
        .testTarget(name: "ProjKitTests", dependencies: ["TestSupport", "ProjKit", "GeoCore"]),
        // Against a real PostgreSQL + PostGIS: CITYGRID_TEST_POSTGRES, set by scripts/test.
        .testTarget(name: "PQKitTests", dependencies: ["TestSupport", "PQKit"]),
        // Against Pillow/piexif-made photos and libvips' own `vipsheader` (Debian's libvips-tools).
        .testTarget(name: "ImageKitTests", dependencies: ["TestSupport", "ImageKit"]),
        .testTarget(name: "GeoIOTests", dependencies: ["TestSupport", "GeoIO", "GeoCore"]),
        .testTarget(name: "CityModelTests", dependencies: ["TestSupport", "CityModel", "GeoCore"]),
        .testTarget(name: "CityStoreTests", dependencies: ["TestSupport", "CityStore", "CityModel", "GeoCore", "SpatialIndex", grdb]),
        .testTarget(name: "CityQueryTests", dependencies: ["TestSupport", 
            "CityQuery", "CityStore", "CityModel", "GeoCore", "CityImport", "GEOSKit", "SpatialIndex", "Patrol",
        ]),
        .testTarget(name: "CityImportTests", dependencies: ["TestSupport", 
            "CityImport", "CityStore", "CityModel", "GeoCore", "GeoIO", "citygrid", "ImageKit",
        ]),
        .testTarget(name: "DistrictGeneratorTests", dependencies: [
            "DistrictGenerator", "GEOSKit", "GeoCore", "GeoIO", "CityModel",
        ]),
        .testTarget(name: "PatrolTests", dependencies: ["Patrol", "GeoCore", "GeoIO"]),
        .testTarget(name: "CityServerTests", dependencies: ["TestSupport", 
            "CityServer", "CityQuery", "CityStore", "CityModel", "GeoCore", hummingbird,
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "CityReportTests", dependencies: ["TestSupport", "CityReport", "CityQuery", "CityStore", "CityModel", "GeoCore"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "citygrid", "PQKit", grdb, "CityStore", "CityModel", "CityQuery", "GeoCore", "SpatialIndex"]),
    ]
)
