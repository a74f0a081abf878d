import CityQuery
import CityStore
import Foundation
import Testing

/// `citygrid officers import` on a copy of the loaded sample: an officer's day as the duty app
/// exports it (GPX with times, or CSV), with a bad fix refused by its record and the rest kept, and
/// files that cannot be a track refused by name.
@Suite struct OfficersCommandTests {
    static let officer = "ZF31010101801"

    /// The officer's station, lon/lat, from the sample's roster.
    static func station() throws -> (Double, Double) {
        let url = URL(fileURLWithPath: LoadedSample.directory).appendingPathComponent("officers.geojson")
        let fc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let feature = try #require((fc["features"] as? [[String: Any]])?.first { ($0["properties"] as? [String: Any])?["OFFICER_ID"] as? String == officer })
        let c = try #require((feature["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        return (c[0], c[1])
    }

    @Test func aGPXTrackIsKeptFixByFixAndABadOneIsNamed() throws {
        let store = try LoadedSample.copy("officers-gpx")
        let directory = URL(fileURLWithPath: store).deletingLastPathComponent()
        let (lon, lat) = try Self.station()
        let now = Date().addingTimeInterval(-3600)
        let iso = ISO8601DateFormatter()
        // The fourth point is dated before the third: refused, the others kept.
        let offsets: [Double] = [0, 10, 20, 15, 30]
        let points = offsets.enumerated().map { k, t in
            #"<trkpt lat="\#(lat)" lon="\#(lon + Double(k) * 0.0001)"><time>\#(iso.string(from: now.addingTimeInterval(t)))</time></trkpt>"#
        }
        let gpx = directory.appendingPathComponent("day.gpx")
        try #"<?xml version="1.0"?><gpx version="1.1" creator="勤务通"><trk><trkseg>\#(points.joined())</trkseg></trk></gpx>"#
            .write(to: gpx, atomically: true, encoding: .utf8)
        let run = try CitygridProcess.run(["officers", "import", gpx.path, "--officer", Self.officer, "--store", store])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("kept 4 of 5 fixes"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("record 4: at:"), "\(run.standardOutput)")
        let queries = try CityQueries(store: CityStore(storage: CityStore.openStorage(store)), bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
        let track = try queries.track(officerID: Self.officer)
        #expect(track.count == 4)
        #expect(track.map(\.at) == track.map(\.at).sorted())

        // A track without times, a CSV with a bad number, an unknown officer: refused by name.
        let untimed = directory.appendingPathComponent("untimed.gpx")
        try #"<gpx><trk><trkseg><trkpt lat="\#(lat)" lon="\#(lon)"></trkpt></trkseg></trk></gpx>"#.write(to: untimed, atomically: true, encoding: .utf8)
        let csv = directory.appendingPathComponent("day.csv")
        try "at,lon,lat,accuracy\n\(iso.string(from: Date())),\(lon),\(lat),5\n\(iso.string(from: Date())),abc,\(lat),5\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        for (args, message) in [
            ([untimed.path, "--officer", Self.officer], "point 1 has no <time>"),
            ([csv.path, "--officer", Self.officer], "record 2: lon 'abc' is not a number"),
            ([gpx.path, "--officer", "ZF-nobody"], "ZF-nobody"),
        ] {
            let refused = try CitygridProcess.run(["officers", "import"] + args + ["--store", store])
            #expect(refused.status != 0, "\(args)")
            #expect(refused.standardError.contains(message), "\(args): \(refused.standardError)")
        }
        #expect(try queries.track(officerID: Self.officer).count == 4, "nothing more was written")
    }
}
