import Hummingbird

/// The field app (勤务通) at /field/: a phone-first page for officers on the street, served from
/// the web map's folder (`web/field/`) with no build step. Its service worker (/field/sw.js,
/// scope /field/) keeps the page, Leaflet and the officer's last data for offline use; writes
/// made offline are queued on the phone and sent later with their `Idempotency-Key`.
struct FieldAppController: Controller {
    let assets: WebAssets

    init(assets: WebAssets = .bundled()) {
        self.assets = assets
    }

    var routes: [Route] {
        let missing = ResponseDoc(404, "No such file", BodyDoc.problem)
        let assets = assets
        return [
            // The router takes /field and /field/ for one path; the page lives at /field/, the
            // service worker's scope, so /field is sent there.
            Route(Endpoint(.get, "/field", access: .open, operationID: "fieldApp",
                           summary: "The field app (勤务通) for officers' phones, at /field/ (/field redirects there)", tag: "Field app",
                           responses: [ResponseDoc(200, "The page (at /field/)", .file(WebAssets.html)),
                                       ResponseDoc(308, "At /field: to /field/"), missing])) { request, _ in
                guard request.uri.path.hasSuffix("/") else { return Response(status: .permanentRedirect, headers: [.location: "/field/"]) }
                return try assets.response(field: "index.html")
            },
            Route(Endpoint(.get, "/field/{asset}", access: .open, operationID: "fieldAppAsset",
                           summary: "A script, style or the service worker of the field app", tag: "Field app",
                           parameters: [ParameterDoc("asset", in: .path, .string, "File name, e.g. field.js or sw.js")],
                           responses: [ResponseDoc(200, "The file", .file("*/*")), missing])) { _, context in
                try assets.response(field: context.parameters.require("asset").decodedPathComponent(parameter: "asset"))
            },
        ]
    }
}
