import Foundation
import Hummingbird

/// The web map's files, read once at start: the page's own (bundled with CityServer as the
/// resource folder `web`) and Leaflet's (the system's copy, Debian's libjs-leaflet). Only names
/// found when the folder was read are served, so no request path can reach another file.
struct WebAssets: Sendable {
    struct File: Sendable {
        var bytes: [UInt8]
        var mediaType: String
    }

    static let html = "text/html; charset=utf-8"
    /// Where Debian's libjs-leaflet puts Leaflet (leaflet.js, leaflet.css, images/).
    static let systemLeaflet = "/usr/share/javascript/leaflet"

    var pages: [String: File]
    /// The field app's files (the `field` subfolder of the page's folder), served under /field/.
    var field: [String: File] = [:]
    var vendor: [String: File]
    /// Where the files were read from; nil when the page's own folder was not found, which the 404
    /// then says (never the path itself: answers do not show the server's folders).
    var pagesFolder: String?
    /// Set when the page's files come from `CITYGRID_WEB_ROOT`: read again on every request.
    var live = false

    /// The bundled page and the system's Leaflet. `CITYGRID_WEB_ROOT` names another folder for
    /// the page's files, read again on each request so they can be edited without a rebuild;
    /// `CITYGRID_LEAFLET_ROOT` another Leaflet folder.
    static func bundled(environment: [String: String] = ProcessInfo.processInfo.environment) -> WebAssets {
        let override = environment["CITYGRID_WEB_ROOT"]
        let pagesFolder = override ?? resourceFolder()
        let vendorFolder = environment["CITYGRID_LEAFLET_ROOT"] ?? systemLeaflet
        return WebAssets(pages: pagesFolder.map { read(folder: $0) } ?? [:],
                         field: pagesFolder.map { read(folder: $0 + "/" + fieldFolder) } ?? [:],
                         vendor: read(folder: vendorFolder, subfolders: ["images"]),
                         pagesFolder: pagesFolder, live: override != nil)
    }

    /// CityServer's resource bundle (`<Package>_CityServer.resources/web`, which SwiftPM copies
    /// beside the executable). Found by looking rather than through `Bundle.module`, which exists
    /// only in a build that declares the resources: a build without them still compiles and
    /// answers 404 for the page, naming what is missing.
    static func resourceFolder() -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let candidates = [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent(),
                          executable.deletingLastPathComponent()].compactMap { $0 }
        for directory in candidates {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where name.hasSuffix("_CityServer.resources") || name == "CityServer_CityServer.bundle" {
                let web = directory.appendingPathComponent(name).appendingPathComponent("web").path
                if FileManager.default.fileExists(atPath: web + "/index.html") { return web }
            }
        }
        return nil
    }

    /// The regular files of `folder` (and of the named subfolders, as `sub/name`) that have a
    /// media type this server knows.
    static func read(folder: String, subfolders: [String] = []) -> [String: File] {
        var files: [String: File] = [:]
        for prefix in [""] + subfolders.map({ $0 + "/" }) {
            let directory = folder + "/" + prefix
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where !name.hasPrefix(".") {
                guard let type = mediaType(of: name),
                      let data = FileManager.default.contents(atPath: URL(fileURLWithPath: directory + name).resolvingSymlinksInPath().path)
                else { continue }
                files[prefix + name] = File(bytes: [UInt8](data), mediaType: type)
            }
        }
        return files
    }

    static let fieldFolder = "field"

    /// A file of the field app. Its service worker (`sw.js`) is served with
    /// `Service-Worker-Allowed: /field/`, the scope it registers for.
    func response(field name: String) throws(ServerError) -> Response {
        let files = live && pagesFolder != nil ? Self.read(folder: pagesFolder! + "/" + Self.fieldFolder) : field
        guard let file = files[name] else {
            guard pagesFolder == nil else { throw .unknownFeature(collection: "field", id: name) }
            throw .unknownFeature(collection: "field", id: "\(name) (the field app's files were not built into this binary: CityServer resources web/field/)")
        }
        var response = Self.respond(file, cacheControl: "no-cache")
        if name == "sw.js" { response.headers[.init("Service-Worker-Allowed")!] = "/field/" }
        return response
    }

    static func mediaType(of name: String) -> String? {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "html": html
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": MediaTypes.json
        case "webmanifest": "application/manifest+json"
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "ico": "image/x-icon"
        default: nil
        }
    }

    func response(page name: String) throws(ServerError) -> Response {
        let pages = live && pagesFolder != nil ? Self.read(folder: pagesFolder!) : pages
        guard let file = pages[name] else {
            // The server's folders stay out of the answer: a client learns nothing of its disk.
            guard pagesFolder == nil else { throw .unknownFeature(collection: "web", id: name) }
            throw .unknownFeature(collection: "web", id: "\(name) (the web map's files were not built into this binary: CityServer resources web/)")
        }
        // The page changes with the binary, so the browser asks again each time.
        return Self.respond(file, cacheControl: "no-cache")
    }

    func response(vendor name: String) throws(ServerError) -> Response {
        guard let file = vendor[name] else {
            guard vendor.isEmpty else { throw .unknownFeature(collection: "vendor/leaflet", id: name) }
            throw .unknownFeature(collection: "vendor/leaflet", id: "\(name) (Leaflet is not installed on the server: Debian's libjs-leaflet)")
        }
        return Self.respond(file, cacheControl: "max-age=86400")
    }

    static func respond(_ file: File, cacheControl: String) -> Response {
        Response(status: .ok, headers: [.contentType: file.mediaType, .cacheControl: cacheControl],
                 body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
