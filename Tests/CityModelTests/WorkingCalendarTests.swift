import Foundation
import Testing
@testable import CityModel

@Suite struct WorkingCalendarTests {
    let cal = bundledCalendar

    func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d) }

    @Test func nationalDay2026IsOctoberFirstToSeventh() throws {
        // 国务院办公厅 2025-11-04: 10月1日至7日放假调休; 9月20日(周日)、10月10日(周六)上班.
        for d in 1...7 { #expect(try !cal.isWorkingDay(day(2026, 10, d)), "2026-10-0\(d)") }
        #expect(try cal.isWorkingDay(day(2026, 10, 8)))     // Thursday after the holiday
        #expect(try cal.isWorkingDay(day(2026, 10, 10)))    // adjusted Saturday
        #expect(try cal.isWorkingDay(day(2026, 9, 20)))     // adjusted Sunday
        #expect(try !cal.isWorkingDay(day(2026, 10, 11)))   // ordinary Sunday
        #expect(try !cal.isWorkingDay(day(2026, 9, 25)))    // 中秋节, a Friday
    }

    @Test func nationalDay2025IsEightDaysWithMidAutumn() throws {
        for d in 1...8 { #expect(try !cal.isWorkingDay(day(2025, 10, d))) }
        #expect(try cal.isWorkingDay(day(2025, 9, 28)))     // adjusted Sunday
        #expect(try cal.isWorkingDay(day(2025, 10, 11)))    // adjusted Saturday
        #expect(try cal.isWorkingDay(day(2025, 10, 9)))
    }

    @Test func springFestival2026() throws {
        for d in 15...23 { #expect(try !cal.isWorkingDay(day(2026, 2, d))) }
        #expect(try cal.isWorkingDay(day(2026, 2, 14)) && cal.isWorkingDay(day(2026, 2, 28)))
        #expect(try cal.isWorkingDay(day(2026, 2, 24)))
    }

    /// Counted by hand from the notices: 261 weekdays in each year; 2025 loses 18 weekday holidays
    /// and gains 5 adjusted days, 2026 loses 19 and gains 6: 248 both years.
    @Test func workingDaysPerYear() throws {
        for year in [2025, 2026] {
            var d = day(year, 1, 1), count = 0
            while d.year == year { if try cal.isWorkingDay(d) { count += 1 }; d = d.next }
            #expect(count == 248, "\(year)")
        }
    }

    @Test func refusesYearsWithoutAPublishedSchedule() {
        #expect(thrown { _ = try cal.isWorkingDay(day(2027, 3, 1)) } == .calendarNotCovering(year: 2027, covered: 2025...2026))
        #expect(thrown { _ = try cal.isWorkingDay(day(2024, 12, 31)) } == .calendarNotCovering(year: 2024, covered: 2025...2026))
        // A deadline that runs past the covered years throws rather than guessing.
        #expect(thrown { _ = try cal.due(after: shanghai(2026, 12, 31, 10), limit: TimeLimit(value: 3, unit: .workingDays)) }
                == .calendarNotCovering(year: 2027, covered: 2025...2026))
    }

    @Test func workingDaysFromAFridayAfternoon() throws {
        let friday = shanghai(2026, 3, 13, 15, 30)
        #expect(try cal.due(after: friday, limit: TimeLimit(value: 1, unit: .workingDays)) == shanghai(2026, 3, 16, 17))
        #expect(try cal.due(after: friday, limit: TimeLimit(value: 3, unit: .workingDays)) == shanghai(2026, 3, 18, 17))
        // Friday before the Mid-Autumn weekend: Sat 19 off, Sun 20 worked (调休), Mon 21.
        #expect(try cal.due(after: shanghai(2026, 9, 18, 16), limit: TimeLimit(value: 2, unit: .workingDays)) == shanghai(2026, 9, 21, 17))
        // Friday after National Day: the adjusted Saturday 10-10 is the first working day.
        #expect(try cal.due(after: shanghai(2026, 10, 9, 15), limit: TimeLimit(value: 1, unit: .workingDays)) == shanghai(2026, 10, 10, 17))
        // The Wednesday before National Day: Thu 10-01 to Wed 10-07 off, so one day runs to Thu 10-08.
        #expect(try cal.due(after: shanghai(2026, 9, 30, 10), limit: TimeLimit(value: 1, unit: .workingDays)) == shanghai(2026, 10, 8, 17))
    }

    @Test func workingHours() throws {
        let h = { (n: Int) in TimeLimit(value: n, unit: .workingHours) }
        #expect(try cal.due(after: shanghai(2026, 3, 13, 15), limit: h(4)) == shanghai(2026, 3, 16, 11))
        #expect(try cal.due(after: shanghai(2026, 3, 13, 16), limit: h(1)) == shanghai(2026, 3, 13, 17))
        #expect(try cal.due(after: shanghai(2026, 3, 14, 10), limit: h(2)) == shanghai(2026, 3, 16, 11))   // Saturday
        #expect(try cal.due(after: shanghai(2026, 3, 16, 7), limit: h(2)) == shanghai(2026, 3, 16, 11))    // before opening
        #expect(try cal.due(after: shanghai(2026, 3, 16, 18), limit: h(8)) == shanghai(2026, 3, 17, 17))   // after closing
        #expect(try cal.due(after: shanghai(2026, 3, 16, 9, 30), limit: h(16)) == shanghai(2026, 3, 18, 9, 30))
        // Adjusted Saturday before Spring Festival, then nine days off.
        #expect(try cal.due(after: shanghai(2026, 2, 13, 16), limit: h(2)) == shanghai(2026, 2, 14, 10))
        #expect(try cal.due(after: shanghai(2026, 2, 14, 16), limit: h(2)) == shanghai(2026, 2, 24, 10))
    }

    @Test func badScheduleFilesSayWhere() {
        func problem(_ json: String) -> (String, String)? {
            if case .badDataFile(_, let path, let problem) = thrown({ _ = try HolidaySchedule(data: Data(json.utf8), source: "t") }) {
                return (path, problem)
            }
            return nil
        }
        let missing = problem(#"{"years":[{"year":2026,"holidays":[{"name":"x","from":"2026-01-01"}],"adjustedWorkingDays":[]}]}"#)
        #expect(missing?.0 == "years[0].holidays[0].to")
        let badDate = problem(#"{"years":[{"year":2026,"holidays":[],"adjustedWorkingDays":["2026-02-30"]}]}"#)
        #expect(badDate?.0 == "years[0].adjustedWorkingDays[0]")
        let wrongYear = problem(#"{"years":[{"year":2026,"holidays":[{"name":"x","from":"2025-12-31","to":"2026-01-01"}],"adjustedWorkingDays":[]}]}"#)
        #expect(wrongYear?.1.contains("not in year 2026") == true)
        let gap = problem(#"{"years":[{"year":2025,"holidays":[],"adjustedWorkingDays":[]},{"year":2027,"holidays":[],"adjustedWorkingDays":[]}]}"#)
        #expect(gap?.1.contains("not contiguous") == true)
        let clash = problem(#"{"years":[{"year":2026,"holidays":[{"name":"x","from":"2026-01-01","to":"2026-01-02"}],"adjustedWorkingDays":["2026-01-02"]}]}"#)
        #expect(clash?.1.contains("2026-01-02") == true)
        #expect(problem("{not json") != nil)
    }
}
