import Foundation
import Testing
@testable import CityImport

/// Side tables carry millions of ISO 8601 date-times; `FlatDates` reads the common form by
/// arithmetic. On random strings of that form, valid and not, it must say what Foundation's
/// ISO 8601 formatter says.
struct FlatDatesTests {
    @Test func internetDateTimesReadAsTheFormatterReadsThem() {
        let formatter = ISO8601DateFormatter()
        var rng = SplitMix(state: 20_261_129)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        var fast = 0
        for _ in 0..<20_000 {
            let zone = [ "Z", "+08:00", "-05:30", "+00:00", "+14:00", "-12:00" ][pick(0...5)]
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", pick(1600...2400), pick(1...12), pick(1...31),
                              pick(0...23), pick(0...59), pick(0...59)) + zone
            let expected = formatter.date(from: text)
            let ours = FlatDates.internetDateTime(text)
            if let ours {
                fast += 1
                #expect(ours == expected, "\(text)")
            }
            #expect(FlatDates().date(text) == expected, "\(text)")
        }
        #expect(fast > 19_000)
        // Not its form: left to the formatters, or refused.
        for text in ["2026-11-20T09:30:00.5+08:00", "2026-11-20 09:30", "2026-02-30T00:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20T09:30:00+0800"] {
            #expect(FlatDates.internetDateTime(text) == nil, "\(text)")
        }
        #expect(FlatDates().date("2026-11-20T09:30:00.5+08:00") != nil)
    }
}
