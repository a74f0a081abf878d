import Foundation
import GeoCore
import Testing
@testable import CityModel

@Suite struct CaseWorkflowTests {
    let workflow = CaseWorkflow(catalogue: bundledCatalogue)

    /// The closed loop written out again, independently of `CaseWorkflow.target`: every pair not
    /// listed here must throw `illegalTransition`.
    static let expected: [CaseStatus: [CaseEvent.Kind: CaseStatus]] = [
        .reported: [.register: .registered, .rejectAtRegistration: .notRegistered,
                    .mergeAsDuplicate: .mergedAsDuplicate, .cancel: .cancelled],
        .registered: [.dispatch: .dispatched, .escalate: .escalated, .cancel: .cancelled,
                      .mergeAsDuplicate: .mergedAsDuplicate],
        .dispatched: [.reportHandled: .handled, .dispatch: .dispatched, .escalate: .escalated, .cancel: .cancelled],
        .handled: [.verifyPassed: .verified, .sendBack: .dispatched, .escalate: .escalated],
        .verified: [.close: .closed],
        .escalated: [.close: .closed, .dispatch: .dispatched],
        .closed: [:], .notRegistered: [:], .cancelled: [:], .mergedAsDuplicate: [:],
    ]

    static func sampleEvent(_ kind: CaseEvent.Kind) -> CaseEvent {
        switch kind {
        case .register: .register()
        case .rejectAtRegistration: .rejectAtRegistration
        case .dispatch: .dispatch(to: .department(code: "enforcement"))
        case .reportHandled: .reportHandled
        case .verifyPassed: .verifyPassed
        case .sendBack: .sendBack
        case .close: .close
        case .escalate: .escalate
        case .cancel: .cancel
        case .mergeAsDuplicate: .mergeAsDuplicate(of: "C-0")
        }
    }

    func newCase(_ status: CaseStatus = .reported, type: String = "0101") -> ViolationCase {
        ViolationCase(id: "C-1", typeCode: type, source: .patrol, point: Point(x: 100, y: 200),
                      description: "阳台违法搭建", reportedAt: shanghai(2026, 3, 13, 10), status: status)
    }

    @Test func everyStateEventPairMatchesTheTable() throws {
        #expect(Set(Self.expected.keys) == Set(CaseStatus.allCases))
        var pairs = 0
        for state in CaseStatus.allCases {
            for kind in CaseEvent.Kind.allCases {
                pairs += 1
                let event = Self.sampleEvent(kind)
                #expect(event.kind == kind)
                let at = shanghai(2026, 3, 13, 11)
                if let target = Self.expected[state]?[kind] {
                    let after = try workflow.apply(event, to: newCase(state), by: "officer-7", at: at, note: "n")
                    #expect(after.status == target, "\(state) + \(kind)")
                    #expect(after.history == [CaseTransition(actor: "officer-7", at: at, from: state, to: target, event: event, note: "n")])
                    #expect(CaseWorkflow.allowedEvents(in: state).contains(kind))
                } else {
                    let error = thrown { _ = try workflow.apply(event, to: newCase(state), by: "officer-7", at: at) }
                    #expect(error == .illegalTransition(from: state, event: kind, caseID: "C-1"), "\(state) + \(kind)")
                    #expect(!CaseWorkflow.allowedEvents(in: state).contains(kind))
                }
            }
        }
        #expect(pairs == 100)
    }

    @Test func fullLoopWithReworkKeepsAValidHistory() throws {
        var c = newCase()
        let steps: [(CaseEvent, Date)] = [
            (.register(), shanghai(2026, 3, 13, 10, 30)),
            (.dispatch(to: .department(code: "enforcement")), shanghai(2026, 3, 13, 11)),
            (.reportHandled, shanghai(2026, 3, 16, 9)),
            (.sendBack, shanghai(2026, 3, 16, 14)),
            (.reportHandled, shanghai(2026, 3, 17, 10)),
            (.verifyPassed, shanghai(2026, 3, 17, 15)),
            (.close, shanghai(2026, 3, 18, 9)),
        ]
        for (event, at) in steps { c = try workflow.apply(event, to: c, by: "centre-1", at: at) }
        #expect(c.status == .closed)
        #expect(c.history.map(\.to) == [.registered, .dispatched, .handled, .dispatched, .handled, .verified, .closed])
        #expect(c.reworkCount == 1)
        #expect(c.assignment == .department(code: "enforcement"))
        #expect(c.registeredAt == shanghai(2026, 3, 13, 10, 30))
        #expect(c.closedAt == shanghai(2026, 3, 18, 9))
        // 违法搭建: 5 working days from Friday 2026-03-13 → Friday 2026-03-20 17:00.
        #expect(c.deadline == .limit(TimeLimit(value: 5, unit: .workingDays), from: shanghai(2026, 3, 13, 10, 30)))
        #expect(try c.dueDate(calendar: bundledCalendar) == shanghai(2026, 3, 20, 17))
        #expect(try c.closedOnTime(calendar: bundledCalendar) == true)
        #expect(try !c.isOverdue(at: shanghai(2026, 4, 1), calendar: bundledCalendar))
        try c.validate()
        let decoded = try JSONDecoder().decode(ViolationCase.self, from: JSONEncoder().encode(c))
        #expect(decoded == c)
    }

    @Test func overdueIsDerivedFromTheCalendar() throws {
        // 占道经营: 4 working hours from Friday 15:00 → Monday 11:00.
        var c = newCase(type: "0503")
        c = try workflow.apply(.register(), to: c, by: "centre-1", at: shanghai(2026, 3, 13, 15))
        #expect(try !c.isOverdue(at: shanghai(2026, 3, 16, 11), calendar: bundledCalendar))
        #expect(try c.isOverdue(at: shanghai(2026, 3, 16, 11, 1), calendar: bundledCalendar))
        let escalated = try workflow.apply(.escalate, to: c, by: "centre-1", at: shanghai(2026, 3, 16, 12))
        #expect(try !escalated.isOverdue(at: shanghai(2026, 4, 1), calendar: bundledCalendar))
        // The dispatcher may fix a date instead.
        c = try workflow.apply(.dispatch(to: .roadChief(id: "chief-3"), due: shanghai(2026, 3, 20, 12)), to: c,
                               by: "centre-1", at: shanghai(2026, 3, 13, 16))
        #expect(try c.dueDate(calendar: bundledCalendar) == shanghai(2026, 3, 20, 12))
        #expect(try !c.isOverdue(at: shanghai(2026, 3, 18), calendar: bundledCalendar))
    }

    @Test func registrationCanCorrectTheTypeButNotToAnUnknownOne() throws {
        let c = try workflow.apply(.register(typeCode: "0102"), to: newCase(), by: "centre-1", at: shanghai(2026, 3, 13, 11))
        #expect(c.typeCode == "0102")
        #expect(thrown { _ = try workflow.apply(.register(typeCode: "0999"), to: newCase(), by: "c", at: shanghai(2026, 3, 13, 11)) }
                == .unknownCaseType(code: "0999", caseID: "C-1"))
    }

    @Test func refusesGoingBackInTimeEmptyActorsAndSelfMerges() {
        let early = shanghai(2026, 3, 13, 9)
        #expect(thrown { _ = try workflow.apply(.register(), to: newCase(), by: "c", at: early) }
                == .outOfOrderRecord(entity: "ViolationCase", id: "C-1", previous: shanghai(2026, 3, 13, 10), appended: early))
        #expect(invalidField { _ = try workflow.apply(.cancel, to: newCase(), by: " ", at: shanghai(2026, 3, 14)) } == "history.actor")
        #expect(invalidField { _ = try workflow.apply(.mergeAsDuplicate(of: "C-1"), to: newCase(), by: "c", at: shanghai(2026, 3, 14)) } == "duplicateOf")
    }

    @Test func dispatchChecksTheDepartmentsTableWhenGivenOne() throws {
        let checked = CaseWorkflow(catalogue: bundledCatalogue, departments: try DepartmentTable.bundled(catalogue: bundledCatalogue))
        let registered = try checked.apply(.register(), to: newCase(), by: "c", at: shanghai(2026, 3, 13, 11))
        let at = shanghai(2026, 3, 13, 12)
        #expect(try checked.apply(.dispatch(to: .department(code: "market")), to: registered, by: "c", at: at).assignment
                == .department(code: "market"))
        #expect(invalidField { _ = try checked.apply(.dispatch(to: .department(code: "nobody")), to: registered, by: "c", at: at) } == "assignment")
        #expect(invalidField { _ = try checked.apply(.dispatch(to: .roadChief(id: "")), to: registered, by: "c", at: at) } == "assignment")
        // Without a table any department code is taken as given.
        #expect(try workflow.apply(.dispatch(to: .department(code: "nobody")), to: registered, by: "c", at: at).status == .dispatched)
    }

    @Test func validateCatchesAForgedHistory() throws {
        var c = try workflow.apply(.register(), to: newCase(), by: "c", at: shanghai(2026, 3, 13, 11))
        c.history[0].to = .closed
        #expect(invalidField { try c.validate() } == "history[0].to")
        let stale = ViolationCase(id: "C-2", typeCode: "0101", source: .camera, point: Point(x: 0, y: 0), description: "",
                                  reportedAt: shanghai(2026, 3, 13), status: .dispatched)
        #expect(invalidField { try stale.validate() } == "status")
    }
}
