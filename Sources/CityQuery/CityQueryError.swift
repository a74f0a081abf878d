import CityModel

/// What a query refuses, naming the parameter or entity, so the server can answer 400/404 with the
/// parameter and the CLI can say which option is wrong.
public enum CityQueryError: Error, CustomStringConvertible, Sendable, Equatable {
    case badParameter(name: String, value: String, reason: String)
    case notFound(layer: String, id: String)
    case outsideDeploymentArea(name: String, x: Double, y: Double)
    case conflict(reason: String)
    /// A well-formed request whose content the domain refuses (a storefront without a trade, a
    /// point that is a polygon): the field by its path, e.g. `properties.trade`.
    case unprocessable(name: String, reason: String)
    /// A body part whose media type the operation does not take (a photo that is no image).
    case unsupportedMediaType(name: String, reason: String)
    /// A body part longer than the operation takes (`limit` bytes).
    case tooLarge(name: String, limit: Int)
    /// A geometry with NaN or infinite coordinates, which no layer stores.
    case nonFiniteGeometry(layer: String, id: String)
    /// Storage failed underneath (a database file gone or corrupt): not the caller's fault.
    case storage(reason: String)
    /// The storage cannot be reached now; the same request may succeed later.
    case unavailable(reason: String)
    /// Nobody signed in, or a token that opens nothing (unknown, revoked, expired, disabled account).
    case unauthenticated(reason: String)
    /// The principal lacks the role for `action`, or holds it but not where the entity lies:
    /// `area` says where it lies (`cell 310101-018-003-0007, segment SEG-…`), nil when no area
    /// would do (the role is missing altogether).
    case forbidden(principal: String, action: String, needs: Role, area: String?)

    public var description: String {
        switch self {
        case .badParameter(let name, let value, let reason): "parameter \(name)=\(value): \(reason)"
        case .notFound(let layer, let id): "\(layer)/\(id): not found"
        case .outsideDeploymentArea(let name, let x, let y): "parameter \(name): point (\(x), \(y)) is outside the deployment area"
        case .conflict(let reason): reason
        case .unprocessable(let name, let reason): "\(name): \(reason)"
        case .unsupportedMediaType(let name, let reason): "\(name): \(reason)"
        case .tooLarge(let name, let limit): "\(name): longer than the limit of \(limit) bytes"
        case .nonFiniteGeometry(let layer, let id): "\(layer)/\(id): geometry has NaN or infinite coordinates"
        case .storage(let reason): reason
        case .unavailable(let reason): reason
        case .unauthenticated(let reason): reason
        case .forbidden(let principal, let action, let needs, let area):
            area.map { "\(principal) may not \(action) in \($0): the \(needs.rawValue) role does not hold there" }
                ?? "\(principal) may not \(action): it needs the \(needs.rawValue) role"
        }
    }
}
