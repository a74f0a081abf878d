import CityQuery
import CityStore
import Hummingbird

/// The controllers every server has. Another resource (the CityQuery routes) is one more entry
/// here, or a controller passed to `buildApplication(store:configuration:controllers:)`.
func standardControllers(store: CityStore, configuration: ServerConfiguration, metrics: MetricsRegistry) -> [any Controller] {
    [
        OGCController(store: store, configuration: configuration),
        LayersController(store: store, configuration: configuration),
        SystemController(store: store, metrics: metrics),
        WebMapController(store: store, configuration: configuration),
    ] + queryControllers(store: store, configuration: configuration)
}

/// The domain queries and the case workflow, on the same store, speaking lon/lat through the
/// configuration's transforms.
func queryControllers(store: CityStore, configuration: ServerConfiguration) -> [any Controller] {
    let bridge = CoordinateBridge(toWorking: configuration.fromLonLat, toLonLat: configuration.toLonLat)
    let queries: CityQueries
    do {
        queries = try CityQueries(store: store, bridge: bridge)
    } catch {
        // The catalogue, departments and calendar are bundled with the binary: failing to read
        // them is a broken build, not a runtime condition.
        preconditionFailure("bundled CityModel data cannot be read: \(error)")
    }
    return [
        QueryController(queries: queries, configuration: configuration),
        CasesController(queries: queries, configuration: configuration),
        Open311Controller(queries: queries, configuration: configuration),
        RoutesController(queries: queries, configuration: configuration),
    ]
}

/// Every route the server answers: the controllers' and the OpenAPI document describing them all.
/// The router and the document are both made from this list.
public func serverRoutes(store: CityStore, configuration: ServerConfiguration, controllers extra: [any Controller] = [],
                         metrics: MetricsRegistry) -> [Route] {
    let routes = (standardControllers(store: store, configuration: configuration, metrics: metrics) + extra).flatMap(\.routes)
    return routes + OpenAPIController(describing: routes.map(\.endpoint), configuration: configuration).routes
}

/// The router: metrics outermost (it sees the status sent), then problem mapping, then bearer
/// authentication; each route checks its own access and the body size before its handler runs,
/// so a refused write never reaches the store.
public func buildRouter(store: CityStore, configuration: ServerConfiguration, controllers extra: [any Controller] = [],
                        metrics: MetricsRegistry = MetricsRegistry()) -> Router<CityRequestContext> {
    let router = Router(context: CityRequestContext.self)
    router.add(middleware: MetricsMiddleware(registry: metrics))
    router.add(middleware: ProblemMiddleware(bodyLimit: configuration.maxBodyBytes))
    router.add(middleware: BearerAuthMiddleware(tokens: configuration.tokens))
    for route in serverRoutes(store: store, configuration: configuration, controllers: extra, metrics: metrics) {
        let endpoint = route.endpoint, handler = route.handler
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
            try authorize(endpoint.access, caller: context.caller, configuration: configuration)
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maxBodyBytes {
                throw ServerError.bodyTooLarge(limitBytes: configuration.maxBodyBytes)
            }
            return try await handler(request, context)
        }
    }
    return router
}

/// 401 when a token is needed and none was given, 403 when the token lacks the role.
func authorize(_ access: Access, caller: AccessToken?, configuration: ServerConfiguration) throws(ServerError) {
    switch access {
    case .open: return
    case .read:
        if configuration.readsRequireToken, caller == nil {
            throw .unauthenticated(reason: "reads need a bearer token")
        }
    case .role(let role):
        guard let caller else { throw .unauthenticated(reason: "this route needs a bearer token with the \(role.rawValue) role") }
        guard caller.grants(role) else { throw .forbidden(holder: caller.name, needs: role) }
    }
}

/// The application serving `store` on `configuration.host:port`.
public func buildApplication(store: CityStore, configuration: ServerConfiguration, controllers extra: [any Controller] = [],
                             metrics: MetricsRegistry = MetricsRegistry()) -> some ApplicationProtocol {
    let router = buildRouter(store: store, configuration: configuration, controllers: extra, metrics: metrics)
    return Application(router: router,
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "citygrid"))
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight: what `citygrid serve` runs.
public func runServer(store: CityStore, configuration: ServerConfiguration) async throws {
    try await buildApplication(store: store, configuration: configuration).runService()
}
