import ArgumentParser
import CityImport
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import ProjKit

/// What the query, case and serve commands share: the store to open, and the PROJ transforms
/// between lon/lat and the working CRS.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store: a SQLite file or a PostgreSQL URI (postgresql://USER@HOST:PORT/DB) (default: $CITYGRID_STORE or citygrid.sqlite).")
    var store: String = ImportConsole.defaultStore

    func open() throws -> CityStore {
        guard CityStore.storageExists(store) else {
            throw ValidationError("no store at \(store): load one with `citygrid load DIR --store \(store)`")
        }
        return try CityStore(storage: CityStore.openStorage(store))
    }

    func queries() throws -> CityQueries {
        try CityQueries(store: open(), bridge: WorkingCRS.bridge())
    }
}
