extension Endpoint {
    /// The operations limited unless their endpoint says otherwise: those that store what a client
    /// sends on its own initiative, where a runaway app or a flood would fill the case list (the
    /// officers' reports and the public's through Open311). A login route, when there is one, joins
    /// them. Named by operationId, which the OpenAPI document makes stable, so that the controllers
    /// need not change; an endpoint may also pass `rateLimited:` itself.
    static let rateLimitedOperations: Set<String> = ["reportCase", "open311CreateRequest"]
}
