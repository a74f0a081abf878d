import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import Testing
import TestSupport

/// The dashboard's and the monthly report's figures on eight cases whose every number was worked
/// out by hand below, on the Fixture district (one sub-district; chief A's segment S1 in front of
/// cells 0001/0003, chief B's S2 in front of 0002/0004). Deadlines: 0101 five working days, 0104
/// three, due at 17:00 of the last day (Asia/Shanghai).
///
/// | case | type, where            | history (2026, +08:00)                                          | due                |
/// |------|------------------------|-----------------------------------------------------------------|--------------------|
/// | O1   | 0101 cell 0001, A      | rep Mon 09-28 09:00, reg 10:00, disp enf 11:00, handled 10-09 10:00, verified 11:00, closed Sat 10-10 09:00 | Sat 10-10 17:00: 09-29, 09-30, (国庆 10-01…07), 10-08, 10-09, 10-10 (调休 working Saturday) — on time only with the holiday calendar |
/// | A    | 0101 cell 0001, A, shop-1 | rep Thu 11-05 09:00, reg 10:00, disp enf 11:00, handled 11-11 10:00, verified 11:00, closed Wed 11-11 15:00 | Thu 11-12 17:00 (weekend skipped): on time; 149 h |
/// | H    | 0101 cell 0001, A      | rep Fri 11-06 08:00, reg 09:00, cancelled 15:00                 | never due          |
/// | B    | 0101 cell 0002, B      | rep Fri 11-13 09:00, reg 09:30, disp enf 10:00, handled 11-19 10:00, sent back 15:00, handled 11-23 10:00, verified 11:00, closed Mon 11-23 14:00 | Fri 11-20 17:00: late; 244.5 h |
/// | E    | 0101 cell 0001, A, shop-1 | rep Fri 11-20 09:00, rejected at registration 10:00          | —                  |
/// | C    | 0104 cell 0002, B      | rep Wed 11-25 09:00, reg 10:00, disp greening 11:00; open       | Mon 11-30 17:00: overdue at month end |
/// | F    | 0101 cell 0004, B      | rep Thu 11-26 09:00; untouched                                  | —                  |
/// | D    | 0101 cell 0001, A, shop-1 | rep Fri 11-27 09:00, reg 10:00, disp enf 11:00; open         | Fri 12-04 17:00    |
@Suite struct AssessmentFiguresTests {
    static func at(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        CityTime.parse(String(format: "2026-%02d-%02dT%02d:%02d:00+08:00", month, day, hour, minute))!
    }

    static let p1 = Point(x: 50, y: 95), p2 = Point(x: 150, y: 95), p4 = Point(x: 150, y: 105)

    /// The figures are about the loop's clock, not its evidence: here a verification needs no
    /// after-photo (the bundled catalogue asks one for 0101; PhotoUploadTests has that rule).
    static func catalogueWithoutPhotoRule() throws -> CaseTypeCatalogue {
        let c = try CaseTypeCatalogue.bundled()
        return try CaseTypeCatalogue(version: c.version, eventClasses: c.eventClasses,
                                     caseTypes: c.caseTypes.map { t in var t = t; t.requiresAfterPhoto = false; return t })
    }

    static func district() throws -> CityQueries {
        let q = try CityQueries(store: Fixture.makeStore(), bridge: Fixture.identity, catalogue: catalogueWithoutPhotoRule())
        let staff = Caller.staff("测试员")
        func report(_ id: String, _ type: String, _ p: Point, shop: String? = nil, _ reported: Date) throws {
            _ = try q.report(CaseReport(id: id, typeCode: type, source: .patrol, point: p, crs: .working, description: "测试案件",
                                        storefrontID: shop, reportedAt: reported), by: staff)
        }
        func step(_ id: String, _ event: CaseEvent, _ when: Date) throws {
            _ = try q.transition(caseID: id, event: event, by: staff, at: when)
        }
        let enforcement = CaseEvent.dispatch(to: .department(code: "enforcement"))
        try report("O1", "0101", p1, at(9, 28, 9))
        try step("O1", .register(), at(9, 28, 10)); try step("O1", enforcement, at(9, 28, 11))
        try step("O1", .reportHandled, at(10, 9, 10)); try step("O1", .verifyPassed, at(10, 9, 11)); try step("O1", .close, at(10, 10, 9))
        try report("A", "0101", p1, shop: "shop-1", at(11, 5, 9))
        try step("A", .register(), at(11, 5, 10)); try step("A", enforcement, at(11, 5, 11))
        try step("A", .reportHandled, at(11, 11, 10)); try step("A", .verifyPassed, at(11, 11, 11)); try step("A", .close, at(11, 11, 15))
        try report("H", "0101", p1, at(11, 6, 8))
        try step("H", .register(), at(11, 6, 9)); try step("H", .cancel, at(11, 6, 15))
        try report("B", "0101", p2, at(11, 13, 9))
        try step("B", .register(), at(11, 13, 9, 30)); try step("B", enforcement, at(11, 13, 10))
        try step("B", .reportHandled, at(11, 19, 10)); try step("B", .sendBack, at(11, 19, 15))
        try step("B", .reportHandled, at(11, 23, 10)); try step("B", .verifyPassed, at(11, 23, 11)); try step("B", .close, at(11, 23, 14))
        try report("E", "0101", p1, shop: "shop-1", at(11, 20, 9))
        try step("E", .rejectAtRegistration, at(11, 20, 10))
        try report("C", "0104", p2, at(11, 25, 9))
        try step("C", .register(), at(11, 25, 10)); try step("C", .dispatch(to: .department(code: "greening")), at(11, 25, 11))
        try report("F", "0101", p4, at(11, 26, 9))
        try report("D", "0101", p1, shop: "shop-1", at(11, 27, 9))
        try step("D", .register(), at(11, 27, 10)); try step("D", enforcement, at(11, 27, 11))
        return q
    }

    @Test func novemberReport() throws {
        let q = try Self.district()
        let r = try q.assessmentReport(period: AssessmentPeriod(parsing: "2026-11"))
        #expect(r.interval.start == Self.at(11, 1, 0) && r.interval.end == Self.at(12, 1, 0))

        // November, all: received A B C D E F H; registered A B C D H; due A B C; closed A B; on time A;
        // handled A, B, B; sent back B; overdue C; closed late B; handling (149 + 244.5) / 2 h.
        let t = r.total
        #expect((t.received, t.registered, t.due, t.closed, t.closedOnTime) == (7, 5, 3, 2, 1))
        #expect((t.handled, t.sentBack, t.overdueOpen, t.closedLate) == (3, 1, 1, 1))
        #expect(t.registrationRate == 5.0 / 7 && t.closureRate == 2.0 / 3 && t.onTimeClosureRate == 1.0 / 3 && t.reworkRate == 1.0 / 3)
        #expect(t.meanHandlingHours == 196.75)
        // October: O1 alone, due and closed on time (by the holiday calendar), 287 h; nothing received.
        let o = r.previousTotal
        #expect((o.received, o.due, o.closed, o.closedOnTime) == (0, 1, 1, 1))
        #expect(o.registrationRate == nil && o.onTimeClosureRate == 1 && o.meanHandlingHours == 287)

        let chiefs = try #require(r.tables.first { $0.grouping == .chief }).rows
        #expect(chiefs.map(\.group) == ["A", "B"] && chiefs.map(\.rank) == [1, 2])
        #expect(chiefs.map(\.label) == ["张路长", "李路长"])
        // A: received A D E H, registered A D H, due A closed on time; B: received B C F, registered B C,
        // due B C, closed B late, overdue C, handled twice, sent back once.
        #expect((chiefs[0].current.received, chiefs[0].current.registered, chiefs[0].current.due, chiefs[0].current.closedOnTime) == (4, 3, 1, 1))
        #expect(chiefs[0].current.meanHandlingHours == 149 && chiefs[0].previous?.onTimeClosureRate == 1)
        #expect((chiefs[1].current.received, chiefs[1].current.registered, chiefs[1].current.due, chiefs[1].current.closed) == (3, 2, 2, 1))
        #expect(chiefs[1].current.onTimeClosureRate == 0 && chiefs[1].current.reworkRate == 0.5 && chiefs[1].current.overdueOpen == 1)
        #expect(chiefs[1].previous?.onTimeClosureRate == nil)

        // Departments: enforcement (A B D; due A B; on time A) ranks before greening (C, due and open),
        // and the undispatched (E F H, nothing due) come last.
        let departments = try #require(r.tables.first { $0.grouping == .department }).rows
        #expect(departments.map(\.group) == ["enforcement", "greening", "—"])
        #expect(departments[0].label == "区城管执法局" && departments[0].current.onTimeClosureRate == 0.5)
        #expect(departments[1].current.closureRate == 0 && departments[1].current.overdueOpen == 1)
        #expect(departments[2].current.received == 3 && departments[2].current.onTimeClosureRate == nil)

        let subDistricts = try #require(r.tables.first { $0.grouping == .subDistrict }).rows
        #expect(subDistricts.map(\.group) == ["南京东路街道"] && subDistricts[0].current == t)

        #expect(r.overdue.map(\.caseID) == ["C"])
        #expect(r.overdue.first?.dueAt == Self.at(11, 30, 17) && r.overdue.first?.overdueDays == 0)
        #expect(r.overdue.first?.assignee == "区绿化和市容管理局")
        #expect(r.cells.map(\.code) == ["310101-002-001-0001", "310101-002-001-0002", "310101-002-001-0003", "310101-002-001-0004"])
        #expect(r.cells.map(\.received) == [4, 2, 0, 1])

        // The same figures as /api/v1/figures asks them.
        let byChief = try q.figures(by: .chief, period: r.interval)
        #expect(byChief.map { IndicatorFigures($0.indicators) } == chiefs.sorted { $0.group < $1.group }.map(\.current))

        // F, untouched in November, registered and dispatched in December: November's report stays.
        _ = try q.transition(caseID: "F", event: .register(), by: .staff("测试员"), at: Self.at(12, 2, 9))
        _ = try q.transition(caseID: "F", event: .dispatch(to: .department(code: "enforcement")), by: .staff("测试员"), at: Self.at(12, 2, 10))
        let again = try q.assessmentReport(period: AssessmentPeriod(parsing: "2026-11"))
        #expect(again.tables.map(\.rows) == r.tables.map(\.rows))
        #expect(again.total == r.total && again.overdue == r.overdue)
    }

    @Test func badPeriodAndSubDistrictNameTheParameter() throws {
        let q = try Self.district()
        for text in ["2026-13", "2026-1", "26-11", "2026/11", "", "2026-11-01"] {
            #expect { try AssessmentPeriod(parsing: text) } throws: { "\($0)".contains("period") }
        }
        #expect { try q.assessmentReport(period: AssessmentPeriod(year: 2026, month: 11), subDistrict: "外滩街道") } throws: {
            "\($0)".contains("subDistrict") && "\($0)".contains("南京东路街道")
        }
        #expect(AssessmentPeriod(year: 2026, month: 1).previous.description == "2025-12")
    }

    @Test func dashboardOnAFridayEvening() throws {
        let q = try Self.district()
        let d = try q.dashboard(asOf: Self.at(11, 13, 18))
        // Today until 18:00: B reported, registered, dispatched. Friday last week until 18:00: H
        // reported and registered (then cancelled). Nothing overdue at either moment.
        #expect(d.today == DayCounts.of(reported: 1, registered: 1, dispatched: 1, closed: 0, overdue: 0))
        #expect(d.sameDayLastWeek == DayCounts.of(reported: 1, registered: 1, dispatched: 0, closed: 0, overdue: 0))
        #expect(d.windowStart == Self.at(10, 15, 0) && d.windowEnd == Self.at(11, 13, 18))
        #expect(d.days.count == 30 && d.days.first == "2026-10-15" && d.days.last == "2026-11-13")
        // The window 10-15 … 11-13 18:00: received A H B; due O1 (10-10 17:00? no: before the window) …
        // O1 was due 10-10, before 10-15, and closed then: not in the window. Due in it: A only.
        let line = try #require(d.subDistricts.first)
        #expect((line.ranked.current.received, line.ranked.current.registered, line.ranked.current.due, line.ranked.current.closedOnTime) == (3, 3, 1, 1))
        #expect(line.ranked.current.meanHandlingHours == 149)
        #expect(line.daily.map(\.received).reduce(0, +) == 3)
        #expect(line.daily[d.days.firstIndex(of: "2026-11-12")!].closedOnTime == 1)   // A, due Thursday 11-12
        #expect(line.daily.last?.registered == 1)                                       // B, today
        #expect(d.chiefs.map(\.ranked.group) == ["A", "B"])
        // Open at 18:00: B (cell 0002, on S2). A closed, H cancelled.
        #expect(d.topCells.map(\.id) == ["310101-002-001-0002"] && d.topCells[0].open == 1 && d.topCells[0].overdue == 0)
        #expect(d.topSegments.map(\.id) == ["S2"])
        #expect(d.repeatOffenders.isEmpty)   // shop-1 has only A so far
    }

    @Test func dashboardAfterTheMonth() throws {
        let q = try Self.district()
        // Monday 11-23 12:00: B (due Fri 11-20 17:00) is verified but not yet closed: overdue.
        let monday = try q.dashboard(asOf: Self.at(11, 23, 12))
        #expect(monday.today.overdue == 1 && monday.today.closed == 0)
        #expect(monday.topCells.first?.overdue == 1)
        // Monday 11-30 12:00: shop-1 has D, E (rejected at registration: no violation) and A: D is
        // linked to A by the repeat-offender rule, two cases.
        let later = try q.dashboard(asOf: Self.at(11, 30, 12))
        #expect(later.repeatOffenders.count == 1)
        let offender = try #require(later.repeatOffenders.first)
        #expect(offender.kind == .storefront && offender.id == "shop-1" && offender.label == "老盛昌汤包" && offender.cases == 2 && offender.latestCaseID == "D")
        // Open at 11-30 12:00: C (0002), D (0001), F (0004); C not yet overdue (due 17:00).
        #expect(Set(later.topCells.map(\.id)) == ["310101-002-001-0001", "310101-002-001-0002", "310101-002-001-0004"])
        #expect(later.today.overdue == 0)
    }
}

extension AssessmentFiguresTests {
    /// Brute force: each sparkline point equals /api/v1/figures' computation over that day with every
    /// case (the dashboard skips the cases its window cannot count), at three instants.
    @Test func dailySeriesEqualTheFiguresDayByDay() throws {
        let q = try Self.district()
        for asOf in [Self.at(10, 20, 9), Self.at(11, 13, 18), Self.at(12, 2, 10)] {
            let d = try q.dashboard(asOf: asOf)
            for (grouping, lines) in [(FigureGrouping.subDistrict, d.subDistricts), (.department, d.departments), (.chief, d.chiefs)] {
                for (n, day) in d.days.enumerated() {
                    let start = try #require(CityTime.parse(day))
                    let end = n + 1 < d.days.count ? try #require(CityTime.parse(d.days[n + 1])) : asOf
                    let all = Dictionary(uniqueKeysWithValues: try q.figures(by: grouping, period: DateInterval(start: start, end: end))
                        .map { ($0.group, IndicatorFigures($0.indicators)) })
                    // A department with no dispatch yet by that day has no group that day: nothing.
                    let nothing = IndicatorFigures(try CaseIndicators.compute([], period: DateInterval(start: start, end: end), calendar: q.calendar))
                    for line in lines {
                        let want = all[line.ranked.group] ?? nothing
                        #expect(line.daily[n] == want, "\(grouping) \(line.ranked.group) on \(day) as of \(asOf)")
                    }
                }
            }
        }
    }
}

extension DayCounts {
    static func of(reported: Int, registered: Int, dispatched: Int, closed: Int, overdue: Int) -> DayCounts {
        var d = DayCounts()
        (d.reported, d.registered, d.dispatched, d.closed, d.overdue) = (reported, registered, dispatched, closed, overdue)
        return d
    }
}
