import CityModel
import ArgumentParser
import CityImport
import CityStore
import Foundation
import GeoCore
import GeoIO

/// `citygrid import LAYER FILE`: one layer file into the store as one transaction;
/// `citygrid import --check [LAYER] FILE`: what the file holds and what would go wrong, changing nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import one layer file (shapefile, GeoJSON, CSV) into the store, all or nothing.",
        discussion: """
            LAYER is one of \(Layer.allCases.map(\.rawValue).joined(separator: ", ")). Columns are matched to the \
            layer's fields by their SCHEMA names and the usual Chinese and English alternatives; --map FIELD=column \
            overrides. The CRS comes from --crs, else the .prj (GeoJSON: its "crs" member, else CRS84; CSV: WGS84); \
            coordinates are reprojected to EPSG:4549. Invalid geometries are refused unless --repair. \
            With --check nothing is written: the figures are printed (one JSON object with --json).
            """)

    @Argument(help: "LAYER FILE, or FILE alone with --check.")
    var arguments: [String]

    @Option(name: .customLong("map"), help: "FIELD=column: the column feeding a field (repeatable).")
    var mappings: [String] = []

    @Option(help: "Coordinates' CRS: an EPSG code, a PROJ string, wgs84, gcj02 or bd09 (wins over the .prj).")
    var crs: String?

    @Option(help: "Text encoding when the file names none (GBK, GB18030, UTF-8, CP936…).")
    var encoding: String?

    @Flag(help: "Make invalid geometries valid with GEOS makeValid (each repair is reported).")
    var repair = false
    @Flag(help: "Grids: number cells without a code within their community (north to south, west to east).")
    var numberCells = false

    @Option(help: "The store: a SQLite file, or a PostgreSQL URI (postgresql://USER@HOST:PORT/DB).")
    var store: String = ImportConsole.defaultStore

    @Flag(help: "Dry run: report counts, CRS, encoding, mapping, invalid geometries; write nothing.")
    var check = false

    @Flag(help: "Print the report as one JSON object on stdout.")
    var json = false

    @Option(help: "Deployment area in lon/lat: minLon,minLat,maxLon,maxLat (default: Shanghai).")
    var area: String?

    func validate() throws {
        switch arguments.count {
        case 2: _ = try ImportConsole.layer(arguments[0])
        case 1: guard check else { throw ValidationError("give LAYER FILE (FILE alone only with --check)") }
        default: throw ValidationError("expected LAYER FILE, or --check FILE")
        }
    }

    func run() throws {
        let layer = arguments.count == 2 ? try ImportConsole.layer(arguments[0]) : nil
        let path = arguments.last!
        var options = ImportOptions(overrides: try FieldMapping.overrides(mappings), dryRun: check)
        if let crs { options.crs = try SourceCRS(option: crs) }
        if let encoding {
            guard let e = TextEncoding(codePageName: encoding) else { throw ValidationError("--encoding: unknown encoding '\(encoding)'") }
            options.encoding = e
        }
        options.repair = repair
        options.numberCells = numberCells
        if let area { options.areaLonLat = try ImportConsole.envelope(area, option: "--area") }
        let importer = LayerFileReader(provider: ProjCRSProvider(), options: options)
        let progress = ImportConsole.progress(label: layer?.rawValue ?? "records")
        let started = Date()
        do {
            if check {
                let report = try layer.map { try importer.check(layer: $0, path: path, progress: progress) }
                    ?? importer.check(path: path, progress: progress)
                ImportConsole.out(json ? report.json.jsonString : report.text)
                if !report.errors.isEmpty || (!repair && !report.invalid.isEmpty) { throw ExitCode(1) }
                return
            }
            let database = try CityStore.openStorage(store)
            // Photos' bytes first: the commit's cases and dossiers then name only photos the store has.
            try SideTables.stagePhotos(layer: layer!, path: path, storage: database)
            let author = ImportAuthor(principal: LocalOperator.principal, via: "citygrid import \(layer!.rawValue)")
            let report: ImportReport
            // The command ends with the commit: memory need not follow it.
            if StreamingImport.supports(layer!) {
                let cityStore = try ImportConsole.importStore(database)
                report = try StreamingImport(importer: importer).run(layer: layer!, path: path, into: cityStore, attribution: ImportConsole.attribution,
                                                                     asLastWrite: true, by: author, progress: progress)
            } else {
                let cityStore = try CityStore(storage: database)
                var imports = [try importer.read(layer: layer!, path: path, progress: progress)]
                try DirectoryLoader.commit(&imports, into: cityStore, attribution: ImportConsole.attribution, asLastWrite: true, by: author)
                report = imports[0].report
            }
            if json {
                ImportConsole.out(report.json.jsonString)
            } else {
                ImportConsole.summary(report, seconds: Date().timeIntervalSince(started))
            }
        } catch let error as CityImportError {
            ImportConsole.err("citygrid import: \(error)")
            throw ExitCode.failure
        }
    }
}

/// What the import, export and load commands share: output, the progress bar, argument parsing.
enum ImportConsole {
    static var defaultStore: String { ProcessInfo.processInfo.environment["CITYGRID_STORE"] ?? "citygrid.sqlite" }

    /// The attribution step run on the storefronts, structures and cases of an import.
    static var attribution: AttributionStep? { attributionStep }

    /// The store for a command that ends with its import: attribution reads the zones, and the
    /// other layers (a million shops being replaced) stay on disk.
    static func importStore(_ database: any CityStorage) throws -> CityStore {
        try CityStore.forImport(storage: database, loading: Set(Layer.allCases).subtracting(attribution?.layers ?? []))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func layer(_ name: String) throws -> Layer {
        guard let layer = Layer(rawValue: name.lowercased()) else {
            throw ValidationError("unknown layer '\(name)'; layers are \(Layer.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return layer
    }

    static func envelope(_ text: String, option: String) throws -> Envelope {
        let n = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard n.count == 4, let a = n[0], let b = n[1], let c = n[2], let d = n[3], a < c, b < d else {
            throw ValidationError("\(option) must be minLon,minLat,maxLon,maxLat with min < max, not '\(text)'")
        }
        return Envelope(minX: a, minY: b, maxX: c, maxY: d)
    }

    /// A bar on a terminal; nothing (the summary line says it all) when stderr is a file or pipe.
    static func progress(label: String) -> (any ImportProgress)? {
        isatty(2) == 1 ? TerminalProgress(label: label) : nil
    }

    static func summary(_ r: ImportReport, seconds: Double) {
        var parts = ["imported \(r.features) \(r.layer?.rawValue ?? "records") from \(r.path) in \(String(format: "%.1f", seconds)) s"]
        parts.append("CRS \(r.crsName ?? r.crs ?? "?")")
        parts.append("encoding \(r.encoding ?? "?")")
        if !r.repaired.isEmpty { parts.append("\(r.repaired.count) repaired") }
        if r.outsideArea > 0 { parts.append("\(r.outsideArea) outside the deployment area") }
        if r.dossierRecords > 0 { parts.append("\(r.dossierRecords) dossier records") }
        if r.caseTransitions > 0 { parts.append("\(r.caseTransitions) case transitions") }
        out(parts.joined(separator: ", "))
        for repair in r.repaired.prefix(100) { err("repaired record \(repair.record): \(repair.reason)") }
        for w in r.warnings { err("warning: \(w)") }
    }
}

/// `[#####.....] 412,000/1,000,000 81,233 rec/s 7 s left`, redrawn at most ten times a second.
final class TerminalProgress: ImportProgress {
    let label: String
    let start = Date()
    var last = Date.distantPast

    init(label: String) { self.label = label }

    func advance(records: Int, total: Int?) {
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(records) / elapsed
        var line = "\r\(label): "
        if let total, total > 0 {
            let filled = min(30, 30 * records / total)
            let left = rate > 0 ? Double(total - records) / rate : 0
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] "
            line += "\(records)/\(total) \(Int(rate)) rec/s \(Int(left.rounded())) s left"
        } else {
            line += "\(records) \(Int(rate)) rec/s"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish(records: Int) {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
