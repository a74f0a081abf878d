import CityModel
import CityQuery
import Hummingbird

/// The request context every route sees: Hummingbird's core storage plus who is calling, filled in
/// by `BearerAuthMiddleware`, and which route answers, filled in by the router before the handler.
public struct CityRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who signed in with the request's bearer token; anonymous without one.
    public var principal: Principal
    /// `POST /api/v1/cases`: the route as the audit trail names it.
    public var route: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = .anonymous
        route = ""
    }

    /// The caller CityQuery's writes and personal-data reads take.
    public var caller: Caller { Caller(principal, via: route) }
}
