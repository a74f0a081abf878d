import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// The grid center's web map: the page at /, its scripts and styles at /web/…, Leaflet at
/// /vendor/leaflet/… from the system's copy (Debian's libjs-leaflet; never a CDN, so the map works
/// on a network without internet). What the map asks of the data, it asks of the resources' own
/// routes (`/api/v1/search` under layers, `/api/v1/catalogue` under cases).
struct WebMapController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    let assets: WebAssets
    var transform: CoordinateBridge { queries.bridge }

    init(queries: CityQueries, configuration: ServerConfiguration, assets: WebAssets = .bundled()) {
        self.queries = queries
        self.configuration = configuration
        self.assets = assets
    }

    var routes: [Route] {
        let problem = BodyDoc.problem
        let missing = ResponseDoc(404, "No such file", problem)
        let assets = assets
        return [
            Route(Endpoint(.get, "/", access: .open, operationID: "webMap", summary: "The web map (网格地图) of the grid center",
                           tag: "Web map", responses: [ResponseDoc(200, "The page", .file(WebAssets.html)), missing])) { _, _ in
                try assets.response(page: "index.html")
            },
            Route(Endpoint(.get, "/web/{asset}", access: .open, operationID: "webMapAsset", summary: "A script, style or image of the web map",
                           tag: "Web map", parameters: [ParameterDoc("asset", in: .path, .string, "File name, e.g. app.js")],
                           responses: [ResponseDoc(200, "The file", .file("*/*")), missing])) { _, context in
                try assets.response(page: context.parameters.require("asset").decodedPathComponent(parameter: "asset"))
            },
            Route(Endpoint(.get, "/vendor/leaflet/{asset}", access: .open, operationID: "leafletAsset",
                           summary: "Leaflet's script or style, from the system's libjs-leaflet", tag: "Web map",
                           parameters: [ParameterDoc("asset", in: .path, .string, "leaflet.js or leaflet.css")],
                           responses: [ResponseDoc(200, "The file", .file("*/*")), missing])) { _, context in
                try assets.response(vendor: context.parameters.require("asset").decodedPathComponent(parameter: "asset"))
            },
            Route(Endpoint(.get, "/vendor/leaflet/images/{image}", access: .open, operationID: "leafletImage",
                           summary: "Leaflet's marker and control images", tag: "Web map",
                           parameters: [ParameterDoc("image", in: .path, .string, "e.g. marker-icon.png")],
                           responses: [ResponseDoc(200, "The image", .file("image/png")), missing])) { _, context in
                try assets.response(vendor: "images/" + context.parameters.require("image").decodedPathComponent(parameter: "image"))
            },
        ]
    }

}
