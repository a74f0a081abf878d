import CityModel
import CityQuery
import GeoCore
import Hummingbird

/// The OGC API's resources as HTML for a person with a browser (Part 1, requirement class
/// /req/html): the landing page, the collections, a collection with a small map of its extent,
/// a page of items with a map and paging links, one item. The JSON stays the default for clients;
/// HTML is chosen by `f=html` or by an Accept header that prefers text/html (a browser's). Scripts
/// come from the server (`/web/ogc.js`, Leaflet from Debian): the pages carry no inline script, as
/// the Content-Security-Policy requires.
enum OGCHTML {
    static let mediaType = "text/html; charset=utf-8"

    /// Whether the request asks for HTML: `f=html`, or no `f` and an Accept header that names
    /// text/html before any JSON type.
    static func wanted(_ request: Request, f: String?) -> Bool {
        if let f { return f == "html" }
        guard let accept = request.headers[.accept]?.lowercased() else { return false }
        guard let html = accept.range(of: "text/html") else { return false }
        let json = ["application/json", "application/geo+json"].compactMap { accept.range(of: $0)?.lowerBound }.min()
        return json.map { html.lowerBound < $0 } ?? true
    }

    static func escape(_ s: String) -> String { XMLWriter.escaped(s, attribute: true) }

    static func page(title: String, crumbs: [(String, String)], body: String, scripts: Bool = false) -> Response {
        let trail = crumbs.map { "<a href=\"\(escape($0.1))\">\(escape($0.0))</a>" }.joined(separator: " / ")
        let head = scripts ? "<link rel=\"stylesheet\" href=\"/vendor/leaflet/leaflet.css\">" : ""
        let tail = scripts ? "<script src=\"/vendor/leaflet/leaflet.js\"></script><script src=\"/web/ogc.js\"></script>" : ""
        let html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · CityGrid OGC API</title>\(head)<link rel="stylesheet" href="/web/ogc.css"></head>
            <body><nav>\(trail)</nav><main><h1>\(escape(title))</h1>\(body)</main>\(tail)</body></html>
            """
        return Response(status: .ok, headers: [.contentType: mediaType], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func links(_ list: [(String, String)]) -> String {
        "<ul>" + list.map { "<li><a href=\"\(escape($0.1))\">\(escape($0.0))</a></li>" }.joined() + "</ul>"
    }

    static func table(_ rows: [(String, String)]) -> String {
        "<table>" + rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined() + "</table>"
    }

    /// A property's value as text: strings as they are, numbers and booleans as JSON writes them,
    /// objects and arrays as compact JSON.
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .null: ""
        default: v.jsonString
        }
    }

    /// A map of `geojson` (a URL the page's script fetches as JSON) framed on `bbox`.
    static func map(geojson: String, bbox: Envelope?) -> String {
        let box = bbox.map { "\($0.minX),\($0.minY),\($0.maxX),\($0.maxY)" } ?? ""
        return "<div id=\"map\" data-geojson=\"\(escape(geojson))\" data-bbox=\"\(box)\"></div>"
    }
}
