import CityModel
import CityStore
import GeoCore
import GeoIO

/// How a layer file is read: column overrides, CRS, encoding, repair, the working CRS and the
/// deployment area, and whether problems stop the import (a real import) or are collected (a dry run).
public struct ImportOptions: Sendable {
    /// `--map FIELD=column`.
    public var overrides: [String: String]
    /// `--crs`: wins over the file's .prj or "crs" member.
    public var crs: SourceCRS?
    /// `--encoding`: for files that name none (.cpg and the .dbf language driver come first).
    public var encoding: TextEncoding?
    /// `--repair`: invalid geometries are made valid with GEOS (each repair reported) instead of refused.
    public var repair: Bool
    /// The CRS entities are stored in (EPSG:4549, CGCS2000 3° Gauss–Krüger zone CM 120°E).
    public var workingCRS: String
    /// The deployment area in lon/lat; records outside it are reported.
    public var areaLonLat: Envelope
    /// Records reprojected and built per step (one PROJ array call per chunk).
    public var chunkSize: Int
    /// A dry run collects record errors in the report instead of stopping at the first.
    public var dryRun: Bool
    /// `--number-cells`: grid cells without a code are numbered within their community (north to
    /// south, west to east), after the codes the community's other cells already use.
    public var numberCells = false
    /// The fewest records a core is handed at a time while a chunk is built on all cores; tests
    /// lower it to spread a small file over several tasks.
    public var recordsPerTask = 512

    public init(overrides: [String: String] = [:], crs: SourceCRS? = nil, encoding: TextEncoding? = nil, repair: Bool = false,
                workingCRS: String = "EPSG:4549", areaLonLat: Envelope = DeploymentArea.shanghaiLonLat,
                chunkSize: Int = 65_536, dryRun: Bool = false) {
        self.overrides = overrides
        self.crs = crs
        self.encoding = encoding
        self.repair = repair
        self.workingCRS = workingCRS
        self.areaLonLat = areaLonLat
        self.chunkSize = chunkSize
        self.dryRun = dryRun
    }
}

/// Told how far reading has got (the CLI draws a bar on a terminal).
public protocol ImportProgress: AnyObject {
    /// `records` read so far of `total` when the total is known (shapefiles).
    func advance(records: Int, total: Int?)
    func finish(records: Int)
}

/// Attribution of dossier and case entities at creation (grid cell, community, parcel, nearest
/// segment and chief, red-line verdict), plugged in by the caller (CityQuery's Attributor) so that
/// this module needs no spatial queries of its own. `CityView` shows the zone layers as they will
/// be once the load commits (the zone layers of the same load included).
public struct AttributionStep: Sendable {
    public typealias Attribute<E> = @Sendable (inout E, CityView) throws -> Void
    public var storefront: Attribute<Storefront>?
    public var structure: Attribute<IllegalStructure>?
    public var violationCase: Attribute<ViolationCase>?
    public var officer: Attribute<Officer>?

    public init(storefront: Attribute<Storefront>? = nil, structure: Attribute<IllegalStructure>? = nil,
                violationCase: Attribute<ViolationCase>? = nil, officer: Attribute<Officer>? = nil) {
        self.storefront = storefront
        self.structure = structure
        self.violationCase = violationCase
        self.officer = officer
    }

    /// The layers whose entities this step changes.
    public var layers: Set<Layer> {
        var s = Set<Layer>()
        if storefront != nil { s.insert(.storefronts) }
        if structure != nil { s.insert(.structures) }
        if violationCase != nil { s.insert(.cases) }
        if officer != nil { s.insert(.officers) }
        return s
    }
}
