import Hummingbird

/// The headers every answer carries, errors included (it sits outside `ProblemMiddleware`):
/// - `Content-Security-Policy`: scripts only from this server's own files (`script-src 'self'`,
///   no inline script, no `eval`), no framing (`frame-ancestors 'none'`), requests only to this
///   server. Styles allow `'unsafe-inline'` because Leaflet positions every tile and marker with an
///   inline style, and the page's lists colour their badges the same way; images allow `data:`,
///   which Leaflet uses for some of its controls. The map loads no tiles from elsewhere.
/// - `X-Frame-Options: DENY` for browsers that predate `frame-ancestors`;
/// - `X-Content-Type-Options: nosniff`, so a JSON or text answer is never run as a script;
/// - `Referrer-Policy: no-referrer`: the page's URLs (with ids of cases) stay on this server;
/// - over HTTPS, `Strict-Transport-Security` (RFC 6797) for a year, so a browser that has been
///   here once does not come back over plain HTTP.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = CityRequestContext
    let https: Bool

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")
    static let strictTransportSecurity = "max-age=31536000"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        // The field names not in HTTPTypes' list: the name type is inferred (see StalenessMiddleware).
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if https { response.headers[.strictTransportSecurity] = Self.strictTransportSecurity }
        return response
    }
}
