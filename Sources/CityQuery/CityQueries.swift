import CityModel
import CityStore
import Foundation
import GeoCore
import Synchronization

/// The questions the grid center, the patrols and the scripts ask, answered on one store. The CLI
/// and the server both call these; neither answers a question itself.
public final class CityQueries: Sendable {
    public let store: CityStore
    public let bridge: CoordinateBridge
    public let configuration: QueryConfiguration
    public let catalogue: CaseTypeCatalogue
    public let departments: DepartmentTable
    public let calendar: WorkingCalendar
    public let workflow: CaseWorkflow
    /// Where evidence photos' bytes are kept; nil when the store has no folder for them (PostgreSQL
    /// without `CITYGRID_PHOTOS`), and photos are then refused.
    public let photos: PhotoLibrary?
    let roads = RoadNetworkCache()
    /// The subscriptions' fences, as the writers of fixes match them.
    let fences = FenceCache()
    /// Every case as the map counts it (`CityQueries+Map`).
    let casePoints = CaseColumnsCache<CasePoints>()
    let caseLedger = CaseColumnsCache<CaseLedger>()
    /// Held while either decodes every case cold (`CaseColumnsCache.columns`).
    let caseFactsDecoding = NSLock()
    /// The neutral base, simplified per zoom (`MapBaseCache`).
    let mapBaseCache = MapBaseCache()
    /// The follower of other writers, once `followOtherWriters` started it (for `storageHealth`).
    let writeFollower = Mutex<WriteFollower?>(nil)

    public init(store: CityStore, bridge: CoordinateBridge, configuration: QueryConfiguration = QueryConfiguration(),
                catalogue: CaseTypeCatalogue? = nil, departments: DepartmentTable? = nil,
                calendar: WorkingCalendar? = nil, photos: PhotoLibrary? = nil) throws {
        self.store = store
        self.photos = photos ?? PhotoLibrary.beside(store.storage)
        self.bridge = bridge
        self.configuration = configuration
        let catalogue = try catalogue ?? CaseTypeCatalogue.bundled()
        self.catalogue = catalogue
        let departments = try departments ?? DepartmentTable.bundled(catalogue: catalogue)
        self.departments = departments
        self.calendar = try calendar ?? WorkingCalendar.bundled()
        self.workflow = CaseWorkflow(catalogue: catalogue, departments: departments)
    }

    /// The page size a request asked for, checked against the limits.
    func pageSize(_ requested: Int?, parameter: String = "limit") throws -> Int {
        guard let requested else { return configuration.defaultPageSize }
        guard requested >= 1, requested <= configuration.maxPageSize else {
            throw CityQueryError.badParameter(name: parameter, value: "\(requested)",
                                              reason: "must be between 1 and \(configuration.maxPageSize)")
        }
        return requested
    }
}
