import GeoCore
import CityModel
import Foundation

/// Event sequences that lead a case to a chosen status, replayed through `CaseWorkflow` as they are
/// made (so every history the generator writes is one the workflow accepts), timed in working hours
/// and, for some cases, past their deadline.
struct CaseHistoryMaker {
    let workflow: CaseWorkflow
    let calendar: WorkingCalendar
    let departments: DepartmentTable
    let asOf: Int

    struct Step {
        var event: CaseEvent
        var at: Int
        var actor: String
        var note: String
    }

    /// Drives `violationCase` (status `reported`) to `target`. `late` makes the handling finish
    /// after the deadline; `assignee` picks the dispatch target. Returns nil when the events would
    /// run past the "as of" instant (the caller then starts the case earlier).
    func drive(_ violationCase: ViolationCase, to target: CaseStatus, late: Bool, assignee: Assignment,
               duplicateOf: String?, staff: [String], random: inout SplitMix64) throws -> (ViolationCase, [Step])? {
        var c = violationCase
        var steps: [Step] = []
        var t = Int(c.reportedAt.timeIntervalSince1970)
        func apply(_ event: CaseEvent, after minutes: ClosedRange<Int>, note: String = "") throws -> Bool {
            t += random.int(in: minutes) * 60
            guard t <= asOf else { return false }
            let actor = random.element(of: staff)
            c = try workflow.apply(event, to: c, by: actor, at: ShanghaiTime.date(t), note: note)
            steps.append(Step(event: event, at: t, actor: actor, note: note))
            return true
        }
        func handle() throws -> Bool {
            let due = try c.dueDate(calendar: calendar).map { Int($0.timeIntervalSince1970) } ?? t + 3600
            let span = max(600, due - t)
            if late {
                t = max(t, due + random.int(in: 60...(3 * 86400)))
            } else {
                t += random.int(in: span / 10...max(span / 10, span * 9 / 10))
            }
            return try apply(.reportHandled, after: 0...5, note: "处置完毕")
        }
        switch target {
        case .reported:
            return (c, steps)
        case .notRegistered:
            return try apply(.rejectAtRegistration, after: 10...240, note: "不属于受理范围") ? (c, steps) : nil
        case .mergedAsDuplicate:
            guard let duplicateOf else { return nil }
            if random.chance(0.5), try !apply(.register(), after: 10...120) { return nil }
            return try apply(.mergeAsDuplicate(of: duplicateOf), after: 5...120, note: "同一事件重复上报") ? (c, steps) : nil
        case .cancelled:
            if random.chance(0.5) {
                guard try apply(.register(), after: 10...120) else { return nil }
                if random.chance(0.5), try !apply(.dispatch(to: assignee), after: 5...60) { return nil }
            }
            return try apply(.cancel, after: 30...600, note: "误报撤销") ? (c, steps) : nil
        default:
            break
        }
        guard try apply(.register(), after: 10...120) else { return nil }
        if target == .registered { return (c, steps) }
        guard try apply(.dispatch(to: assignee), after: 5...90) else { return nil }
        if random.chance(0.1), try !apply(.dispatch(to: assignee), after: 30...600, note: "改派") { return nil }
        if target == .dispatched { return (c, steps) }
        if target == .escalated || (target == .closed && random.chance(0.08)) {
            guard try apply(.escalate, after: 60...2880, note: "涉嫌违法犯罪，移送公安") else { return nil }
            if target == .escalated { return (c, steps) }
            return try apply(.close, after: 1440...14400, note: "公安处理完毕") ? (c, steps) : nil
        }
        guard try handle() else { return nil }
        if random.chance(0.12) {
            guard try apply(.sendBack, after: 30...480, note: "核查未通过，返工"), try handle() else { return nil }
        }
        if target == .handled { return (c, steps) }
        guard try apply(.verifyPassed, after: 30...1440, note: "现场核查通过") else { return nil }
        if target == .verified { return (c, steps) }
        return try apply(.close, after: 10...480, note: "结案") ? (c, steps) : nil
    }
}
