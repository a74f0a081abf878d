import CityModel

/// Errors of the store, each saying which layer, entity or file.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case duplicateID(layer: Layer, id: String)
    case notFound(layer: Layer, id: String)
    case nonFiniteGeometry(layer: Layer, id: String)
    case corruptGeometry(layer: Layer, id: String, reason: String)
    /// The stored properties are not a JSON object.
    case corruptProperties(layer: Layer, id: String, reason: String)
    case database(path: String, reason: String)
    /// The database cannot be reached (down, restarting, failing over, or gone): retrying later
    /// may succeed, unlike the other failures.
    case unavailable(path: String, reason: String)
    /// A change-log entry that cannot be read (written by a newer version, or damaged).
    case corruptChangeLog(sequence: Int64, reason: String)
    /// Other writers kept committing between this writer's catch-up and its commit.
    case writeContention(attempts: Int)

    public var description: String {
        switch self {
        case .duplicateID(let layer, let id): "\(layer.rawValue)/\(id): an entity with this id already exists"
        case .notFound(let layer, let id): "\(layer.rawValue)/\(id): no such entity"
        case .nonFiniteGeometry(let layer, let id): "\(layer.rawValue)/\(id): geometry has NaN or infinite coordinates"
        case .corruptGeometry(let layer, let id, let reason): "\(layer.rawValue)/\(id): stored geometry cannot be read: \(reason)"
        case .corruptProperties(let layer, let id, let reason): "\(layer.rawValue)/\(id): stored properties cannot be read: \(reason)"
        case .database(let path, let reason): "database \(path): \(reason)"
        case .unavailable(let path, let reason): "database \(path) cannot be reached: \(reason)"
        case .corruptChangeLog(let sequence, let reason): "change log entry \(sequence) cannot be read: \(reason)"
        case .writeContention(let attempts): "other writers committed before each of \(attempts) attempts to write; try again"
        }
    }
}
