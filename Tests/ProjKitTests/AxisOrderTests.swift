import Foundation
import ProjKit
import Testing

/// The authorities' axis order, against projinfo's reading of the same definitions (its first
/// AXIS line's direction), not against PROJ's API a second time.
struct AxisOrderTests {
    static func projinfoNorthFirst(_ code: String) throws -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/projinfo")
        p.arguments = [code, "-o", "WKT2:2019"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        // The last CS[...] is the CRS's own (a projected CRS lists its base CRS's first).
        let cs = try #require(text.range(of: "CS[", options: .backwards))
        let axis = try #require(text.range(of: "AXIS[", range: cs.upperBound..<text.endIndex))
        let line = text[axis.upperBound...].prefix { $0 != "\n" }.lowercased()
        return line.contains(",north") || line.contains(",south")
    }

    @Test(arguments: ["EPSG:4326", "EPSG:4490", "EPSG:4549", "EPSG:32651", "OGC:CRS84", "EPSG:3857", "EPSG:4547"])
    func axisOrderAgreesWithProjinfo(code: String) throws {
        let crs = try CoordinateSystem(parsing: code)
        #expect(try crs.authorityAxesNorthFirst() == Self.projinfoNorthFirst(code), "\(code)")
    }

    @Test func theOnesTheOGCAPIServesAreAsTheEPSGSays() throws {
        #expect(try CoordinateSystem(parsing: "EPSG:4490").authorityAxesNorthFirst())
        #expect(try CoordinateSystem(parsing: "EPSG:4549").authorityAxesNorthFirst())
        #expect(try !CoordinateSystem(parsing: "EPSG:32651").authorityAxesNorthFirst())
        #expect(try !CoordinateSystem.gcj02.authorityAxesNorthFirst())
    }
}
