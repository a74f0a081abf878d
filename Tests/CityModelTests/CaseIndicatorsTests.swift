import Foundation
import GeoCore
import Testing
@testable import CityModel

/// One month of cases whose indicators were worked out by hand (see each case's comment).
@Suite struct CaseIndicatorsTests {
    let workflow = CaseWorkflow(catalogue: bundledCatalogue)

    func run(_ id: String, _ type: String, _ reported: Date, _ steps: [(CaseEvent, Date)]) throws -> ViolationCase {
        var c = ViolationCase(id: id, typeCode: type, source: .patrol, point: Point(x: 0, y: 0), description: "", reportedAt: reported)
        for (event, at) in steps { c = try workflow.apply(event, to: c, by: "centre", at: at) }
        try c.validate()
        return c
    }

    @Test func marchTwentyTwentySix() throws {
        let d = shanghai
        let team = CaseEvent.dispatch(to: .gridTeam(id: "T1"))
        let cases = [
            // A: 0101 registered Mon 03-02 → due Mon 03-09 17:00; closed 03-06: due, closed, on time.
            try run("A", "0101", d(2026, 3, 2, 9, 0), [(.register(), d(2026, 3, 2, 10, 0)), (team, d(2026, 3, 2, 11, 0)),
                (.reportHandled, d(2026, 3, 5, 10, 0)), (.verifyPassed, d(2026, 3, 5, 15, 0)), (.close, d(2026, 3, 6, 9, 0))]),
            // B: due Tue 03-17 17:00; sent back once; closed 03-19: due, closed, late.
            try run("B", "0101", d(2026, 3, 10, 9, 0), [(.register(), d(2026, 3, 10, 9, 30)), (team, d(2026, 3, 10, 10, 0)),
                (.reportHandled, d(2026, 3, 16, 10, 0)), (.sendBack, d(2026, 3, 16, 15, 0)), (.reportHandled, d(2026, 3, 18, 10, 0)),
                (.verifyPassed, d(2026, 3, 18, 11, 0)), (.close, d(2026, 3, 19, 9, 0))]),
            // C: due Fri 03-27 17:00, still dispatched at month end (handled only in April): due, open, overdue.
            try run("C", "0101", d(2026, 3, 20, 9, 0), [(.register(), d(2026, 3, 20, 10, 0)), (team, d(2026, 3, 20, 11, 0)),
                (.reportHandled, d(2026, 4, 2, 10, 0))]),
            // D: registered Mon 03-30 → due Tue 04-07 (Qingming 04-04..06); closed 03-31: due (closed early), on time.
            try run("D", "0101", d(2026, 3, 30, 9, 0), [(.register(), d(2026, 3, 30, 10, 0)), (team, d(2026, 3, 30, 11, 0)),
                (.reportHandled, d(2026, 3, 31, 10, 0)), (.verifyPassed, d(2026, 3, 31, 11, 0)), (.close, d(2026, 3, 31, 15, 0))]),
            // E: rejected at registration: received, not registered.
            try run("E", "0101", d(2026, 3, 25, 9, 0), [(.rejectAtRegistration, d(2026, 3, 25, 10, 0))]),
            // F: merged into C: not received.
            try run("F", "0101", d(2026, 3, 26, 9, 0), [(.mergeAsDuplicate(of: "C"), d(2026, 3, 26, 10, 0))]),
            // G: untouched: received, not registered.
            try run("G", "0101", d(2026, 3, 27, 9, 0), []),
            // H: February case due Tue 03-03 (Sat 02-28 is a 调休 working day) but escalated: not due, not overdue.
            try run("H", "0101", d(2026, 2, 25, 9, 0), [(.register(), d(2026, 2, 25, 10, 0)), (team, d(2026, 2, 25, 11, 0)),
                (.escalate, d(2026, 3, 2, 10, 0))]),
            // I: registered Sunday 03-15, cancelled: received and registered, never due.
            try run("I", "0101", d(2026, 3, 15, 9, 0), [(.register(), d(2026, 3, 15, 10, 0)), (.cancel, d(2026, 3, 16, 10, 0))]),
            // J: reported 03-31 evening, registered in April: received, not registered as of month end.
            try run("J", "0101", d(2026, 3, 31, 20, 0), [(.register(), d(2026, 4, 1, 9, 0))]),
            // K: 0503 (4 working hours) due Tue 02-10 14:00, handled and closed in March: not due in March, closed late.
            try run("K", "0503", d(2026, 2, 10, 9, 0), [(.register(), d(2026, 2, 10, 10, 0)), (team, d(2026, 2, 10, 11, 0)),
                (.reportHandled, d(2026, 3, 4, 10, 0)), (.verifyPassed, d(2026, 3, 4, 11, 0)), (.close, d(2026, 3, 5, 10, 0))]),
        ]
        let march = DateInterval(start: d(2026, 3, 1, 0, 0), end: d(2026, 4, 1, 0, 0))
        let figures = try CaseIndicators.compute(cases, period: march, calendar: bundledCalendar)
        #expect(figures.received == 8)                                        // A B C D E G I J
        #expect(figures.registrationRate == Ratio(numerator: 5, denominator: 8))  // A B C D I
        #expect(figures.closureRate == Ratio(numerator: 3, denominator: 4))       // due A B C D; closed A B D
        #expect(figures.onTimeClosureRate == Ratio(numerator: 2, denominator: 4)) // A D
        #expect(figures.reworkRate == Ratio(numerator: 1, denominator: 5))        // handled A B B D K; sent back B
        #expect(figures.overdueOpen == 1)                                     // C
        #expect(figures.closedLate == 2)                                      // B K
        #expect(figures.reworkRate.value == 0.2)
        // 平均处置时长 over the closures in March, registration to closure on the wall clock:
        // A 03-02 10:00 → 03-06 09:00 = 95 h; B 03-10 09:30 → 03-19 09:00 = 215.5 h;
        // D 03-30 10:00 → 03-31 15:00 = 29 h; K 02-10 10:00 → 03-05 10:00 = 552 h.
        #expect(figures.handlingCount == 4)
        let handlingHours: Double = (95 + 215.5 + 29 + 552) / 4
        #expect(figures.meanHandlingSeconds == handlingHours * 3600)
        #expect(Ratio(numerator: 0, denominator: 0).value == nil)

        // By case type: K is the only 0503 case.
        let byType = try CaseIndicators.computeByGroup(cases, period: march, calendar: bundledCalendar) { $0.typeCode }
        #expect(byType["0503"]?.closedLate == 1 && byType["0503"]?.received == 0)
        #expect(byType["0101"]?.closureRate == Ratio(numerator: 3, denominator: 4))
        #expect(byType["0101"]?.reworkRate == Ratio(numerator: 1, denominator: 4))

        // The derived flag agrees at month end.
        #expect(try cases.filter { try $0.isOverdue(at: march.end, calendar: bundledCalendar) }.map(\.id) == ["C"])
        // An empty period has no rates, not zero rates.
        let empty = try CaseIndicators.compute(cases, period: DateInterval(start: d(2026, 6, 1, 0, 0), duration: 86_400), calendar: bundledCalendar)
        #expect(empty.received == 0 && empty.registrationRate.value == nil && empty.closureRate.value == nil)
    }
}
