import ArgumentParser
import CityImport
import CityQuery
import CityStore
import Foundation

/// `citygrid load DIR`: every layer file in DIR, in dependency order, in one transaction.
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load every layer file of a folder (grids … cases; .shp, else .geojson) in one transaction.")

    @Argument(help: "The folder holding grids.shp, parcels.shp, … cases.shp (or .geojson).")
    var directory: String

    @Option(help: "The store: a SQLite file, or a PostgreSQL URI (postgresql://USER@HOST:PORT/DB).")
    var store: String = ImportConsole.defaultStore

    @Flag(help: "Make invalid geometries valid with GEOS makeValid (each repair is reported).")
    var repair = false

    func run() throws {
        let started = Date()
        do {
            // The command ends with the commit: only the zones attribution reads are loaded, and
            // memory need not follow the write.
            let cityStore = try ImportConsole.importStore(CityStore.openStorage(store))
            let loader = DirectoryLoader(importer: LayerFileReader(provider: ProjCRSProvider(), options: ImportOptions(repair: repair)))
            let reports = try loader.load(directory: directory, into: cityStore, attribution: ImportConsole.attribution, asLastWrite: true,
                                          by: ImportAuthor(principal: LocalOperator.principal, via: "citygrid load"), progress: { ImportConsole.progress(label: $0.rawValue) })
            for r in reports { ImportConsole.summary(r, seconds: Date().timeIntervalSince(started)) }
            ImportConsole.out("loaded \(reports.count) layers from \(directory) into \(store) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            // A folder that ships demonstration accounts (the sample's accounts.json) brings them.
            let accounts = directory + "/accounts.json"
            if FileManager.default.fileExists(atPath: accounts) {
                let queries = try CityQueries(store: CityStore(storage: CityStore.openStorage(store)), bridge: WorkingCRS.bridge())
                let added = try queries.seedAccounts(from: accounts, by: Caller.commandLine("citygrid load"))
                ImportConsole.out("added \(added) demonstration accounts from \(accounts) (their tokens are public)")
            }
        } catch let error as CityImportError {
            ImportConsole.err("citygrid load: \(error)")
            throw ExitCode.failure
        }
    }
}
