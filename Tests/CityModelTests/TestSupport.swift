import Foundation
import GeoCore
@testable import CityModel

/// The CityModelError a body throws, or nil (then the test's #expect on it fails visibly).
func thrown(_ body: () throws -> Void) -> CityModelError? {
    do { try body() } catch let error as CityModelError { return error } catch { return nil }
    return nil
}

/// The field an `invalidEntity` error names, for checking that validation points at the right place.
func invalidField(_ body: () throws -> Void) -> String? {
    if case .invalidEntity(_, _, let field, _) = thrown(body) { return field }
    return nil
}

/// A closed counter-clockwise square ring with its lower-left corner at (x, y).
func squareRing(_ x: Double, _ y: Double, _ size: Double) -> LinearRing {
    LinearRing([Point(x: x, y: y), Point(x: x + size, y: y), Point(x: x + size, y: y + size),
                Point(x: x, y: y + size), Point(x: x, y: y)])
}

func square(_ x: Double, _ y: Double, _ size: Double) -> Polygon { Polygon(exterior: squareRing(x, y, size)) }

/// An instant in Shanghai local time (UTC+8), built without the code under test.
func shanghai(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    return c.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
}

let bundledCalendar: WorkingCalendar = try! WorkingCalendar.bundled()
let bundledCatalogue: CaseTypeCatalogue = try! CaseTypeCatalogue.bundled()

func code(_ text: String) -> GridCode { try! GridCode(parsing: text) }
