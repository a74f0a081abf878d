import CityModel
import ArgumentParser
import CityImport
import CityStore
import Foundation

/// `citygrid export LAYER --format shp|geojson|geojsonseq|csv --out PATH`: a stored layer as a
/// layer file of SCHEMA.md (and its side tables), which `citygrid import` reads back.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a stored layer as a shapefile (EPSG:4549), GeoJSON, GeoJSONSeq or CSV (WGS84 lon/lat).")

    @Argument(help: "The layer: \(Layer.allCases.map(\.rawValue).joined(separator: ", ")).")
    var layer: String

    @Option(help: "shp, geojson, geojsonseq or csv.")
    var format: String = "shp"

    @Option(help: "The file to write (.shp: its .shx/.dbf/.prj/.cpg beside it).")
    var out: String

    @Option(help: "The store: a SQLite file, or a PostgreSQL URI (postgresql://USER@HOST:PORT/DB).")
    var store: String = ImportConsole.defaultStore

    @Option(help: "Only features meeting this lon/lat box: minLon,minLat,maxLon,maxLat.")
    var bbox: String?

    @Flag(help: "Also write the evidence photos of cases, storefronts or structures: <base>.photos.csv and their original bytes in photos/ beside it, which `citygrid import` and `load` read back.")
    var withPhotos = false

    func validate() throws {
        _ = try ImportConsole.layer(layer)
        guard LayerExporter.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be one of \(LayerExporter.Format.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'")
        }
    }

    func run() throws {
        let layer = try ImportConsole.layer(layer)
        let box = try bbox.map { try ImportConsole.envelope($0, option: "--bbox") }
        guard CityStore.storageExists(store) else {
            ImportConsole.err("citygrid export: no store at \(store)")
            throw ExitCode.failure
        }
        do {
            let cityStore = try CityStore(storage: CityStore.openStorage(store))
            var library: PhotoLibrary?
            if withPhotos {
                guard let beside = PhotoLibrary.beside(cityStore.storage) else {
                    throw ValidationError("--with-photos: this store has no photo folder (set CITYGRID_PHOTOS)")
                }
                library = beside
            }
            let summary = try LayerExporter(provider: ProjCRSProvider())
                .export(layer, from: cityStore, format: LayerExporter.Format(rawValue: format)!, to: out, bbox: box, photos: library)
            for w in summary.warnings { ImportConsole.err("warning: \(w)") }
            ImportConsole.out("exported \(summary.features) \(layer.rawValue) to \(summary.files.joined(separator: ", "))")
        } catch let error as CityImportError {
            ImportConsole.err("citygrid export: \(error)")
            throw ExitCode.failure
        }
    }
}
