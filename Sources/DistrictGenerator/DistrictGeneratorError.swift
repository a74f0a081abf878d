/// What can stop a generation run, each case naming where.
public enum DistrictGeneratorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The street file could not be read or holds something that is not a street (`feature` is 1-based).
    case badStreetFile(path: String, feature: Int, reason: String)
    /// A geometry operation (GEOS, PROJ) failed on the named layer and entity.
    case geometry(layer: String, id: String, reason: String)
    /// Writing a layer or side table failed.
    case cannotWrite(path: String, reason: String)
    /// A scale's targets cannot be met on its street network (too few frontage places…).
    case infeasible(layer: String, reason: String)
    /// A bad option value.
    case badArgument(parameter: String, reason: String)

    public var description: String {
        switch self {
        case .badStreetFile(let path, let feature, let reason): "\(path): feature \(feature): \(reason)"
        case .geometry(let layer, let id, let reason): "\(layer) \(id): \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .infeasible(let layer, let reason): "\(layer): \(reason)"
        case .badArgument(let parameter, let reason): "parameter \(parameter): \(reason)"
        }
    }
}
