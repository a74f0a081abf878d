import Foundation
import CityModel
import CityQuery
import Hummingbird

/// The controllers every server has, each reaching the data only through `queries` (one door:
/// the CLI asks the same questions of the same `CityQueries`). Another resource is one more entry
/// here, or a controller passed to `buildApplication(queries:configuration:controllers:)`.
func standardControllers(queries: CityQueries, configuration: ServerConfiguration, metrics: MetricsRegistry) -> [any Controller] {
    [
        OGCController(queries: queries, configuration: configuration),
        LayersController(queries: queries, configuration: configuration),
        SystemController(queries: queries, metrics: metrics),
        WebMapController(queries: queries, configuration: configuration),
        FieldAppController(),
        MapController(queries: queries, configuration: configuration),
        ZonesController(queries: queries, configuration: configuration),
        AssessmentController(queries: queries, configuration: configuration),
        DossiersController(queries: queries, configuration: configuration),
        PhotosController(queries: queries, configuration: configuration),
        CasesController(queries: queries, configuration: configuration),
        Open311Controller(queries: queries, configuration: configuration,
                          authenticate: Authenticator(queries: queries).principal(for:)),
        PatrolController(queries: queries, configuration: configuration),
        AccountsController(queries: queries, configuration: configuration),
        AuditController(queries: queries, configuration: configuration),
        OfficersController(queries: queries, configuration: configuration),
        EventsController(queries: queries, configuration: configuration),
        SubscriptionsController(queries: queries, configuration: configuration),
        WFSController(queries: queries, configuration: configuration),
    ]
}

/// Every route the server answers: the controllers' and the OpenAPI document describing them all.
/// The router and the document are both made from this list.
public func serverRoutes(queries: CityQueries, configuration: ServerConfiguration, controllers extra: [any Controller] = [],
                         metrics: MetricsRegistry) -> [Route] {
    let routes = (standardControllers(queries: queries, configuration: configuration, metrics: metrics) + extra).flatMap(\.routes)
    return routes + OpenAPIController(describing: routes.map(\.endpoint), configuration: configuration).routes
}

/// The router: metrics outermost (it sees the status sent), then the security headers (on errors
/// too), then problem mapping, then bearer authentication, then idempotency keys (writes
/// sent again are answered from the store); each route takes from its rate limit
/// (`Endpoint.rateLimited`), checks its own access and the body size before its handler runs,
/// so a refused write never reaches the store.
public func buildRouter(queries: CityQueries, configuration: ServerConfiguration, controllers extra: [any Controller] = [],
                        metrics: MetricsRegistry = MetricsRegistry()) -> Router<CityRequestContext> {
    let router = Router(context: CityRequestContext.self)
    router.add(middleware: MetricsMiddleware(factory: metrics.factory))
    router.add(middleware: SecurityHeadersMiddleware(https: configuration.transport.tls != nil))
    let routes = serverRoutes(queries: queries, configuration: configuration, controllers: extra, metrics: metrics)
    router.add(middleware: ProblemMiddleware(bodyLimit: configuration.maxBodyBytes, methods: ServedMethods(routes.map(\.endpoint))))
    router.add(middleware: StalenessMiddleware(queries: queries))
    router.add(middleware: BearerAuthMiddleware(authenticator: Authenticator(queries: queries)))
    router.add(middleware: IdempotencyMiddleware(queries: queries, configuration: configuration))
    let limiter = RateLimiter(configuration.transport.reportLimits)
    for route in routes {
        let endpoint = route.endpoint, handler = route.handler
        let name = "\(endpoint.method.rawValue) \(endpoint.path)"
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
            var context = context
            context.route = name
            if endpoint.rateLimited { try limiter.admit(request) }
            try authorize(endpoint.access, principal: context.principal, configuration: configuration)
            let limit = endpoint.bodyLimit ?? configuration.maxBodyBytes
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
                throw ServerError.bodyTooLarge(limitBytes: limit)
            }
            return try await handler(request, context)
        }
    }
    return router
}

/// The route's coarse gate: 401 when a token is needed and none was given, 403 when the token's
/// roles include none the route could use. Where the role must hold (the case's area) is
/// CityQuery's `AccessPolicy`, decided on the entity itself.
func authorize(_ access: Access, principal: Principal, configuration: ServerConfiguration) throws(ServerError) {
    switch access {
    case .open: return
    case .read:
        if configuration.readsRequireToken, principal.isAnonymous {
            throw .unauthenticated(reason: "reads need a bearer token")
        }
    case .anyRole(let roles):
        guard !principal.isAnonymous else {
            throw .unauthenticated(reason: "this route needs a bearer token with the \(roles.map(\.rawValue).joined(separator: " or ")) role")
        }
        guard roles.contains(where: principal.holds) else { throw .forbidden(holder: principal.description, needs: roles[0]) }
    }
}

/// The application answering `queries` on `configuration.host:port`. `onRunning` is told the port
/// once the server listens, which is after the service group has put its SIGTERM and SIGINT
/// handlers in place: a caller announcing the server there announces one that stops cleanly.
public func buildApplication(queries: CityQueries, configuration: ServerConfiguration, controllers extra: [any Controller] = [],
                             metrics: MetricsRegistry = MetricsRegistry(),
                             onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) -> some ApplicationProtocol {
    let router = buildRouter(queries: queries, configuration: configuration, controllers: extra, metrics: metrics)
    return Application(router: router, server: .cityGrid(configuration.transport),
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "citygrid"),
                       onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) })
}

/// Looks for due events every second until cancelled. A look that fails (the database away) is
/// tried again at the next: its events are kept by the store's clock, not this loop's.
func watchTheClock(_ watch: EventWatch) async {
    while !Task.isCancelled {
        _ = try? watch.look()
        try? await Task.sleep(for: .seconds(1))
    }
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight: what `citygrid serve` runs,
/// with the registry it has made swift-metrics' global backend.
public func runServer(queries: CityQueries, configuration: ServerConfiguration, metrics: MetricsRegistry = MetricsRegistry(),
                      onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) async throws {
    // A bad certificate or key stops the server here, naming the file, before it listens.
    _ = try configuration.transport.tls?.loaded()
    // Memory follows every other writer of the storage while the server runs: the command line
    // on the same file, other nodes on the same database.
    let follower = queries.followOtherWriters()
    defer { follower.stop() }
    // The map's case columns (a minute for a million cases) are built on a thread of their own, so
    // neither the first map request nor the request threads wait for them.
    Thread.detachNewThread { queries.warmCaseColumns() }
    // Webhooks are delivered by the serving process, from the steps the store has committed.
    let deliveries = Task { await WebhookDeliverer(queries: queries, configuration: configuration).run() }
    defer { deliveries.cancel() }
    // Deadlines passing and fixes growing old are events no write causes: looked for every second.
    let watch = Task { await watchTheClock(EventWatch(queries: queries)) }
    defer { watch.cancel() }
    // Tokens' last uses are written within the minute (TokenUseLog); those still pending when the
    // server stops are written on the way out, so "last used" is not a minute short.
    do {
        try await buildApplication(queries: queries, configuration: configuration, metrics: metrics, onRunning: onRunning).runService()
    } catch {
        try? queries.flushTokenUses()
        throw error
    }
    try queries.flushTokenUses()
}
