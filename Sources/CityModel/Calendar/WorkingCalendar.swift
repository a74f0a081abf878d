import Foundation

/// Working days and hours for deadlines: Monday–Friday, minus published public holidays, plus the
/// weekend days worked instead (调休上班); a working day runs from `workdayStartHour` to
/// `workdayEndHour` in the grid centre's time zone (Asia/Shanghai, UTC+8, no daylight saving).
public struct WorkingCalendar: Hashable, Sendable {
    public let schedule: HolidaySchedule
    public let timeZone: TimeZone
    public let workdayStartHour: Int
    public let workdayEndHour: Int

    /// Shanghai has kept UTC+8 without daylight saving since 1991, so the fixed offset is a safe
    /// fallback where the tz database is missing.
    public static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    public init(schedule: HolidaySchedule, timeZone: TimeZone = WorkingCalendar.shanghai,
                workdayStartHour: Int = 9, workdayEndHour: Int = 17) {
        precondition((0...23).contains(workdayStartHour) && workdayStartHour < workdayEndHour && workdayEndHour <= 24,
                     "working day must start before it ends, within one day")
        self.schedule = schedule
        self.timeZone = timeZone
        self.workdayStartHour = workdayStartHour
        self.workdayEndHour = workdayEndHour
    }

    /// The bundled Chinese schedule, 09:00–17:00 Asia/Shanghai.
    public static func bundled() throws -> WorkingCalendar {
        WorkingCalendar(schedule: try HolidaySchedule.bundled())
    }

    private var gregorian: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }

    /// The calendar day `date` falls on in this calendar's time zone.
    public func day(of date: Date) -> CalendarDay {
        let c = gregorian.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(year: c.year!, month: c.month!, day: c.day!)
    }

    /// The instant `hour:minute` on `day` in this calendar's time zone.
    public func date(_ day: CalendarDay, hour: Int = 0, minute: Int = 0) -> Date {
        gregorian.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))!
    }

    /// Throws `calendarNotCovering` for a year the schedule does not cover: a guess would be wrong
    /// by a week around Spring Festival.
    public func isWorkingDay(_ day: CalendarDay) throws -> Bool {
        guard schedule.coveredYears.contains(day.year) else {
            throw CityModelError.calendarNotCovering(year: day.year, covered: schedule.coveredYears)
        }
        if schedule.holidays.contains(day) { return false }
        if schedule.adjustedWorkingDays.contains(day) { return true }
        let weekday = gregorian.component(.weekday, from: date(day, hour: 12))  // 1 = Sunday, 7 = Saturday
        return weekday != 1 && weekday != 7
    }

    public func isWorkingDay(containing date: Date) throws -> Bool { try isWorkingDay(day(of: date)) }

    /// The first working day after `day`.
    public func nextWorkingDay(after day: CalendarDay) throws -> CalendarDay {
        var d = day.next
        while try !isWorkingDay(d) { d = d.next }
        return d
    }

    /// When a time limit that starts at `start` runs out.
    ///
    /// - `workingDays`: the day the clock starts never counts (a case registered at 16:55 gets no
    ///   day for those five minutes); due at the end of the working day of the n-th working day after.
    /// - `workingHours`: counts only time inside working hours on working days; a start outside
    ///   them begins at the next opening. Ending exactly at closing time is due at closing time.
    public func due(after start: Date, limit: TimeLimit) throws -> Date {
        precondition(limit.value > 0, "time limits are positive (the catalogue checks this)")
        switch limit.unit {
        case .workingDays:
            var d = day(of: start)
            for _ in 0..<limit.value { d = try nextWorkingDay(after: d) }
            return date(d, hour: workdayEndHour)
        case .workingHours:
            var remaining = TimeInterval(limit.value * 3600)
            var d = day(of: start)
            let open = TimeInterval(workdayStartHour * 3600), close = TimeInterval(workdayEndHour * 3600)
            var t = start.timeIntervalSince(date(d))
            if try !isWorkingDay(d) || t >= close {
                d = try nextWorkingDay(after: d)
                t = open
            }
            t = max(t, open)
            while remaining > close - t {
                remaining -= close - t
                d = try nextWorkingDay(after: d)
                t = open
            }
            return date(d).addingTimeInterval(t + remaining)
        }
    }
}
