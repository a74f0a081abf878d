import CityQuery
import GeoCore

/// A coordinate system named by a request (`crs`, `bbox-crs`), as OGC API – Features Part 2
/// (OGC 18-058r1) has it: CRS84 (this deployment's bridge) or one the bridge serves. Written as the
/// URI, the safe CURIE `[EPSG:4490]` or `EPSG:4490`.
struct RequestedCRS: Sendable {
    let uri: String
    let isGeographic: Bool
    /// `toLonLat`: working → this system; `toWorking`: the reverse; authority axis order.
    let bridge: CoordinateBridge
    var isCRS84: Bool { uri == OGC.crs84 }

    /// Every system on offer: CRS84 first.
    static func offered(_ bridge: CoordinateBridge) -> [RequestedCRS] {
        [RequestedCRS(uri: OGC.crs84, isGeographic: true, bridge: bridge)]
            + bridge.served.map { RequestedCRS(uri: $0.uri, isGeographic: $0.isGeographic, bridge: $0.bridge) }
    }

    static func uris(_ bridge: CoordinateBridge) -> [String] { offered(bridge).map(\.uri) }

    /// The system the parameter names, CRS84 when it is absent.
    init(parameter name: String, _ value: String?, bridge: CoordinateBridge) throws(ServerError) {
        let offered = Self.offered(bridge)
        guard let value else { self = offered[0]; return }
        let uri = Self.canonical(value)
        guard let found = offered.first(where: { $0.uri == uri }) else {
            throw .invalidParameter(name: name, value: value, reason: "not offered; expected one of " + offered.map(\.uri).joined(separator: ", "))
        }
        self = found
    }

    private init(uri: String, isGeographic: Bool, bridge: CoordinateBridge) {
        self.uri = uri
        self.isGeographic = isGeographic
        self.bridge = bridge
    }

    /// `[EPSG:4490]`, `EPSG:4490`, `OGC:CRS84`, WFS's `urn:ogc:def:crs:EPSG::4490` → the OGC URI;
    /// a URI as it is (http or https).
    static func canonical(_ value: String) -> String {
        var v = value.trimmingCharacters(in: .whitespaces)
        let lower = v.lowercased()
        if lower.hasPrefix("urn:ogc:def:crs:epsg:") { return "http://www.opengis.net/def/crs/EPSG/0/" + (v.split(separator: ":").last.map(String.init) ?? "") }
        if lower == "urn:ogc:def:crs:ogc:1.3:crs84" || lower == "urn:ogc:def:crs:ogc::crs84" { return OGC.crs84 }
        if v.hasPrefix("["), v.hasSuffix("]") { v = String(v.dropFirst().dropLast()) }
        let parts = v.split(separator: ":")
        if parts.count == 2, !v.contains("/") {
            let authority = parts[0].uppercased(), code = String(parts[1])
            if authority == "OGC" && code.uppercased() == "CRS84" { return OGC.crs84 }
            return "http://www.opengis.net/def/crs/\(authority)/0/\(code)"
        }
        if v.hasPrefix("https://") { v = "http://" + v.dropFirst("https://".count) }
        return v
    }

    /// `Content-Crs`'s value (Part 2, requirement /req/crs/ogc-crs-header).
    var header: String { "<\(uri)>" }
}
