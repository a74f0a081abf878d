import CityModel
import Foundation
import Testing

/// Day arithmetic against Foundation's Gregorian calendar in UTC, from 1583 (Foundation's calendar is
/// Julian before the 1582 reform; ours is proleptic Gregorian, as ISO 8601 is) to 2370.
struct CivilDaysTests {
    @Test func datesAgreeWithFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -141_000, through: 146_097, by: 37) + [-1, 0, 1, 59, 60, 365, 10_957, 20_696] {
            let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let ours = CivilDays.date(days)
            #expect(ours.year == c.year && ours.month == c.month && ours.day == c.day, "day \(days)")
            #expect(CivilDays.from(year: ours.year, month: ours.month, day: ours.day) == days, "day \(days) round trip")
        }
    }
}
