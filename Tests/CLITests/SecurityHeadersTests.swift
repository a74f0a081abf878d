import Foundation
import Testing

/// What every answer says to the browser (CSP, framing, sniffing, referrer), and what no answer
/// says: where the server keeps its files.
@Suite(.serialized) struct SecurityHeadersTests {
    /// The CSP's directives by name.
    static func directives(_ policy: String?) -> [String: [String]] {
        (policy ?? "").split(separator: ";").reduce(into: [:]) { all, directive in
            let words = directive.split(separator: " ").map(String.init)
            if let name = words.first { all[name] = Array(words.dropFirst()) }
        }
    }

    @Test func pagesAndAssetsCarryTheBrowserHeadersAndTheAPINoSniff() async throws {
        let server = try await TransportServer.start("headers")
        for path in ["/", "/web/app.js", "/web/style.css", "/vendor/leaflet/leaflet.js", "/web/no-such-file.js"] {
            let answer = try await server.curl(path)
            let csp = Self.directives(answer.headers["content-security-policy"])
            #expect(csp["script-src"] == ["'self'"], "\(path): \(answer.headers)")
            #expect(csp["frame-ancestors"] == ["'none'"], "\(path)")
            #expect(csp["object-src"] == ["'none'"], "\(path)")
            #expect(!(csp["default-src"] ?? []).contains("'unsafe-inline'"), "\(path)")
            #expect(answer.headers["x-frame-options"] == "DENY", "\(path)")
            #expect(answer.headers["x-content-type-options"] == "nosniff", "\(path)")
            #expect(answer.headers["referrer-policy"] == "no-referrer", "\(path)")
            // Plain HTTP: no HSTS (a browser would ignore it, and it would lie).
            #expect(answer.headers["strict-transport-security"] == nil, "\(path)")
        }
        #expect(try await server.curl("/").status == 200)
        #expect(try await server.curl("/web/app.js").status == 200)
        for path in ["/api/v1/cases?limit=1", "/healthz", "/openapi.json", "/api/v1/cases/NO-SUCH-CASE"] {
            let answer = try await server.curl(path)
            #expect(answer.headers["x-content-type-options"] == "nosniff", "\(path): \(answer.headers)")
        }
    }

    /// The page obeys its own policy: no inline script, no inline event handler, no `javascript:`
    /// URL, in the HTML or in markup the scripts write (the browser test runs it with the policy on).
    @Test func thePageNeedsNoInlineScript() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CityServer/Resources/web")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") || $0.hasSuffix(".js") }
        #expect(names.contains("index.html") && names.contains("app.js"))
        let inlineScript = try Regex(#"<script(?![^>]*\bsrc=)[^>]*>"#)
        let handler = try Regex(#"\son[a-z]+\s*=\s*["'`\\]"#)
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(text.firstMatch(of: inlineScript) == nil, "\(name) has an inline <script>")
            #expect(text.firstMatch(of: handler) == nil, "\(name) has an inline event handler")
            #expect(!text.contains("javascript:"), "\(name) has a javascript: URL")
            #expect(!text.contains("eval("), "\(name) calls eval")
        }
    }

    @Test func noAnswerShowsWhereTheServerKeepsItsFiles() async throws {
        let server = try await TransportServer.start("paths")
        let executable = CitygridProcess.executable.deletingLastPathComponent().path
        let secrets = [executable, FileManager.default.currentDirectoryPath, server.directory.path, server.store,
                       FileManager.default.temporaryDirectory.path, "/usr/share/javascript", ".resources", "/work/"]
        let requests: [(String, String, String?)] = [
            ("GET", "/web/no-such-file.js", nil), ("GET", "/web/..%2F..%2Fetc%2Fpasswd", nil), ("GET", "/web/%2E%2E", nil),
            ("GET", "/vendor/leaflet/no-such.js", nil), ("GET", "/vendor/leaflet/images/no-such.png", nil),
            ("GET", "/no/such/path", nil), ("GET", "/api/v1/cases/NO-SUCH-CASE", nil), ("GET", "/ogc/collections/nope/items", nil),
            ("GET", "/api/v1/locate?lon=abc&lat=1", nil), ("DELETE", "/api/v1/locate", nil),
            ("POST", "/api/v1/cases", "{not json"), ("POST", "/open311/v2/requests.json", "api_key=nope"),
        ]
        for (method, path, body) in requests {
            let answer = try await server.curl(path, method: method,
                                               headers: body == nil ? [:] : ["Content-Type": "application/json", "Authorization": "Bearer \(TransportServer.officer)"],
                                               body: body)
            #expect(answer.status >= 400, "\(method) \(path) → \(answer.status)")
            let all = answer.body + answer.headers.map { "\($0): \($1)" }.joined(separator: "\n")
            for secret in secrets where !secret.isEmpty && secret != "/" {
                #expect(!all.contains(secret), "\(method) \(path) shows \(secret): \(answer.body)")
            }
        }
    }
}
