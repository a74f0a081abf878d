import Foundation

/// A calendar day, independent of time zone: what a holiday notice lists.
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-MM-dd`; nil for anything else or an impossible date.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...CalendarDay.daysIn(month: m, year: y)).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// The next day (Gregorian).
    public var next: CalendarDay {
        if day < CalendarDay.daysIn(month: month, year: year) { return CalendarDay(year: year, month: month, day: day + 1) }
        if month < 12 { return CalendarDay(year: year, month: month + 1, day: 1) }
        return CalendarDay(year: year + 1, month: 1, day: 1)
    }
}

/// The published public-holiday schedule: holidays and the weekend days worked instead (调休).
public struct HolidaySchedule: Hashable, Sendable {
    public let coveredYears: ClosedRange<Int>
    public let holidays: Set<CalendarDay>
    public let adjustedWorkingDays: Set<CalendarDay>

    private struct File: Decodable {
        struct Year: Decodable {
            struct Holiday: Decodable { var name: String; var from: String; var to: String }
            var year: Int
            var holidays: [Holiday]
            var adjustedWorkingDays: [String]
        }
        var years: [Year]
    }

    /// Decodes a schedule; years must be contiguous, every date inside its own year, ranges ordered.
    public init(data: Data, source: String = "custom holiday schedule") throws {
        let file = try decodeDataFile(File.self, from: data, source: source)
        func bad(_ path: String, _ problem: String) -> CityModelError { .badDataFile(source: source, path: path, problem: problem) }
        func day(_ text: String, _ path: String, year: Int) throws -> CalendarDay {
            guard let d = CalendarDay(iso: text) else { throw bad(path, "\"\(text)\" is not a yyyy-MM-dd date") }
            guard d.year == year else { throw bad(path, "\(text) is not in year \(year)") }
            return d
        }
        let years = file.years.map(\.year).sorted()
        guard let first = years.first, let last = years.last else { throw bad("years", "is empty") }
        guard years == Array(first...last) else { throw bad("years", "years \(years) are not contiguous and unique") }
        var holidays = Set<CalendarDay>(), working = Set<CalendarDay>()
        for (i, y) in file.years.enumerated() {
            for (j, h) in y.holidays.enumerated() {
                let path = "years[\(i)].holidays[\(j)]"
                var d = try day(h.from, "\(path).from", year: y.year)
                let end = try day(h.to, "\(path).to", year: y.year)
                guard d <= end else { throw bad(path, "\(h.name): from \(h.from) is after to \(h.to)") }
                while d <= end { holidays.insert(d); d = d.next }
            }
            for (j, text) in y.adjustedWorkingDays.enumerated() {
                working.insert(try day(text, "years[\(i)].adjustedWorkingDays[\(j)]", year: y.year))
            }
        }
        if let clash = holidays.intersection(working).min() {
            throw bad("years", "\(clash) is listed both as a holiday and as an adjusted working day")
        }
        self.coveredYears = first...last
        self.holidays = holidays
        self.adjustedWorkingDays = working
    }

    /// The schedule bundled with CityModel (`Resources/holidays-cn.json`).
    public static func bundled() throws -> HolidaySchedule {
        try HolidaySchedule(data: bundledDataFile("holidays-cn"), source: "holidays-cn.json")
    }
}
