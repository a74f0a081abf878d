import Hummingbird

/// The request context every route sees: Hummingbird's core storage plus who is calling, filled in
/// by `BearerAuthMiddleware` before any handler runs.
public struct CityRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The holder of the bearer token the request carried; nil for an anonymous request.
    public var caller: AccessToken?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        caller = nil
    }
}
