import CityModel
import Foundation
import Testing
import TestSupport

/// `CityTime` reads and writes every date and time: checked against Foundation's ISO 8601
/// formatter and a Gregorian calendar in Asia/Shanghai, on random texts and instants.
struct CityTimeTests {
    static let shanghai: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return c
    }()

    @Test func zonedTimesReadAsTheISOFormatterReadsThem() {
        let formatter = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SplitMix64(seed: 20_261_203)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        var valid = 0
        for _ in 0..<20_000 {
            let zone = ["Z", "+08:00", "-05:30", "+00:00", "+14:00", "-12:00"][pick(0...5)]
            var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", pick(1600...2400), pick(1...12), pick(1...31),
                              pick(0...23), pick(0...59), pick(0...59))
            let withFraction = pick(0...3) == 0
            if withFraction { text += String(format: ".%03d", pick(0...999)) }
            text += zone
            // Foundation rolls 31 September over into 1 October; CityTime refuses a day the month lacks.
            let (year, month, day) = (Int(text.prefix(4))!, Int(text.dropFirst(5).prefix(2))!, Int(text.dropFirst(8).prefix(2))!)
            let exists = DateComponents(calendar: Calendar(identifier: .gregorian), year: year, month: month, day: day).isValidDate
            let expected = exists ? (withFraction ? fractional : formatter).date(from: text) : nil
            if expected != nil { valid += 1 }
            let ours = CityTime.parse(text)
            if let ours, let expected {
                #expect(abs(ours.timeIntervalSince(expected)) < 1e-6, "\(text)")
            } else {
                #expect(ours == expected, "\(text)")
            }
        }
        #expect(valid > 18_000)
    }

    @Test func aTimeWithoutAZoneIsShanghaiTime() throws {
        var rng = SplitMix64(seed: 7)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        for _ in 0..<2_000 {
            let (y, m, d, h, mi, s) = (pick(1992...2100), pick(1...12), pick(1...28), pick(0...23), pick(0...59), pick(0...59))
            let wall = try #require(Self.shanghai.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: mi, second: s)))
            let midnight = try #require(Self.shanghai.date(from: DateComponents(year: y, month: m, day: d)))
            #expect(CityTime.parse(String(format: "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, h, mi, s)) == wall)
            #expect(CityTime.parse(String(format: "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, h, mi, s)) == wall)
            #expect(CityTime.parse(String(format: "%04d-%02d-%02d", y, m, d)) == midnight)
            #expect(CityTime.parse(String(format: "%04d/%d/%d", y, m, d)) == midnight)
            #expect(CityTime.parse(String(format: "%04d-%02d-%02d %02d:%02d", y, m, d, h, mi)) == wall.addingTimeInterval(-Double(s)))
        }
        // 2026-11-30 in Shanghai begins at 16:00 the day before in UTC.
        #expect(CityTime.parse("2026-11-30") == ISO8601DateFormatter().date(from: "2026-11-29T16:00:00Z"))
    }

    @Test func timesAreWrittenInShanghaiAndReadBack() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            // From 1992, when Shanghai's offset has been +08:00 all year (it kept daylight saving to 1991).
            let seconds = 694_224_000 + Double(rng.next() % 3_000_000_000)
            let date = Date(timeIntervalSince1970: seconds)
            let text = CityTime.timestamp(date)
            #expect(text == formatter.string(from: date), "\(seconds)")
            #expect(text.hasSuffix("+08:00"))
            #expect(CityTime.parse(text) == date)
            #expect(CityTime.day(date) == String(text.prefix(10)))
        }
    }

    @Test(arguments: ["", "2026-02-30", "2026-11-20T24:00:00Z", "2026-11-20T09:30:00+0800", "20261120", "2026-11-20Z",
                      "2026-11-20T9:30", "2026-13-01", "yesterday", "2026-11-20T09:30:00+08", "2026-11-20T09:60"])
    func notATime(_ text: String) {
        #expect(CityTime.parse(text) == nil)
    }
}
