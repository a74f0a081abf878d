import Foundation
import GeoCore

extension GPX {
    /// One track point with the time the receiver logged it (GPX `<time>`, ISO 8601 in UTC).
    public struct TimedPoint: Sendable, Hashable {
        public var point: Point
        public var time: Date?
    }

    /// Every `<trkpt>` with its `<time>` (nil where the point has none), in document order: an
    /// officer's duty-app track as a GPX file holds it. Positions as `trackPoints` reads them.
    public static func timedTrackPoints(_ data: Data) throws -> [TimedPoint] {
        let points = try trackPoints(data)
        let bytes = [UInt8](data)
        var times: [Date?] = []
        let iso = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var i = 0
        // Each point's element runs from its start tag to the next point's; a <time> inside it is its own.
        var starts: [Int] = []
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                let name = tagName(bytes, from: i + 1)
                if name == "trkpt" || name == "rtept" { starts.append(i) }
            }
            i += 1
        }
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : bytes.count
            let slice = String(decoding: bytes[start..<end], as: UTF8.self)
            guard let open = slice.range(of: "<time>"), let close = slice.range(of: "</time>", range: open.upperBound..<slice.endIndex) else {
                times.append(nil)
                continue
            }
            let text = slice[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            guard let date = iso.date(from: text) ?? fractional.date(from: text) else {
                throw PatrolError.gpx(offset: start, reason: "<time> of point \(k + 1) is not an ISO 8601 time: \(text)")
            }
            times.append(date)
        }
        return zip(points, times).map { TimedPoint(point: $0, time: $1) }
    }
}
