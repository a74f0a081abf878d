import CityStore

extension CityQueryError {
    /// What an error that came through the door means to the caller: the store's refusals become
    /// the query's own, so that the server and the CLI read one error type and never the store's.
    /// Errors of the domain and of the caller's own making pass through unchanged.
    public static func translating(_ error: any Error) -> any Error {
        guard let e = error as? StoreError else { return error }
        switch e {
        case let .duplicateID(layer, id): return CityQueryError.conflict(reason: "\(layer.rawValue)/\(id) already exists")
        case let .notFound(layer, id): return CityQueryError.notFound(layer: layer.rawValue, id: id)
        case let .nonFiniteGeometry(layer, id): return CityQueryError.nonFiniteGeometry(layer: layer.rawValue, id: id)
        case .writeContention: return CityQueryError.conflict(reason: e.description)
        case .unavailable: return CityQueryError.unavailable(reason: e.description)
        case .corruptGeometry, .corruptProperties, .corruptChangeLog, .database: return CityQueryError.storage(reason: e.description)
        }
    }
}
