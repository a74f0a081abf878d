import Foundation
import GeoCore

/// GPX 1.1 (topografix.com/GPX/1/1) reading of track and route points, and writing of routes
/// for officers' phones. Points are lon/lat in x/y (WGS84, as GPX requires).
public enum GPX {
    /// Every `<trkpt>` (and `<rtept>`) in document order, as Point(x: lon, y: lat). A small byte
    /// scanner rather than XMLParser: it needs no libxml2 and reports the byte offset of errors.
    public static func trackPoints(_ data: Data) throws -> [Point] {
        let bytes = [UInt8](data)
        var out: [Point] = []
        var i = 0
        let open = UInt8(ascii: "<")
        while i < bytes.count {
            guard bytes[i] == open else { i += 1; continue }
            let name = tagName(bytes, from: i + 1)
            guard name == "trkpt" || name == "rtept" else { i += 1; continue }
            var lat: Double?, lon: Double?
            var j = i + 1 + name.utf8.count
            while j < bytes.count && bytes[j] != UInt8(ascii: ">") {
                if isSpace(bytes[j]) || bytes[j] == UInt8(ascii: "/") { j += 1; continue }
                let keyStart = j
                while j < bytes.count, bytes[j] != UInt8(ascii: "="), !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") { j += 1 }
                let key = String(decoding: bytes[keyStart..<j], as: UTF8.self)
                while j < bytes.count && isSpace(bytes[j]) { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: "=") else {
                    throw PatrolError.gpx(offset: j, reason: "expected '=' after attribute \(key) of <\(name)>")
                }
                j += 1
                while j < bytes.count && isSpace(bytes[j]) { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") else {
                    throw PatrolError.gpx(offset: j, reason: "expected a quoted value for \(key) of <\(name)>")
                }
                let quote = bytes[j]; j += 1
                let valueStart = j
                while j < bytes.count && bytes[j] != quote { j += 1 }
                guard j < bytes.count else { throw PatrolError.gpx(offset: valueStart, reason: "unterminated value for \(key)") }
                let value = String(decoding: bytes[valueStart..<j], as: UTF8.self)
                j += 1
                if key == "lat" || key == "lon" {
                    guard let v = Double(value.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                        throw PatrolError.gpx(offset: valueStart, reason: "\(key) is not a number: \(value)")
                    }
                    if key == "lat" { lat = v } else { lon = v }
                }
            }
            guard j < bytes.count else { throw PatrolError.gpx(offset: i, reason: "unterminated <\(name)>") }
            guard let lat, let lon else { throw PatrolError.gpx(offset: i, reason: "<\(name)> without lat and lon") }
            guard (-90...90).contains(lat), (-180...180).contains(lon) else {
                throw PatrolError.gpx(offset: i, reason: "<\(name)> lat \(lat) lon \(lon) out of range")
            }
            out.append(Point(x: lon, y: lat))
            i = j + 1
        }
        return out
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func tagName(_ bytes: [UInt8], from start: Int) -> String {
        var j = start
        while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/") { j += 1 }
        let raw = String(decoding: bytes[start..<j], as: UTF8.self)
        // Namespace prefixes (gpx:trkpt) are allowed.
        return raw.split(separator: ":").last.map(String.init) ?? raw
    }

    /// A GPX 1.1 document: one waypoint per stop and the route as a track. `lonLat` turns the
    /// plan's metric coordinates back into WGS84 (the caller's projection, e.g. ProjKit).
    public static func document(name: String, path: LineString, waypoints: [(name: String, point: Point)],
                                lonLat: (Point) -> Point) -> String {
        func coord(_ p: Point) -> String {
            let g = lonLat(p)
            return "lat=\"\(String(format: "%.7f", g.y))\" lon=\"\(String(format: "%.7f", g.x))\""
        }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<gpx version=\"1.1\" creator=\"CityGrid Patrol\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
        s += "  <metadata><name>\(escaped(name))</name></metadata>\n"
        for w in waypoints { s += "  <wpt \(coord(w.point))><name>\(escaped(w.name))</name></wpt>\n" }
        s += "  <trk>\n    <name>\(escaped(name))</name>\n    <trkseg>\n"
        for p in path.points { s += "      <trkpt \(coord(p))/>\n" }
        s += "    </trkseg>\n  </trk>\n</gpx>\n"
        return s
    }

    /// A plan as GPX: its stops (in visiting order, numbered) and its full path.
    public static func document(for plan: PatrolPlan, name: String, lonLat: (Point) -> Point) -> String {
        let waypoints = plan.order.enumerated().compactMap { k, id in
            plan.positions[id].map { (name: "\(k + 1). \(id)", point: $0.point) }
        }
        return document(name: name, path: plan.path, waypoints: waypoints, lonLat: lonLat)
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}
