import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import SpatialIndex
import Testing

/// Readers at full speed while a writer reports and closes cases: no reader sees a half-applied
/// change, and nothing is lost.
struct ConcurrencyTests {
    @Test func readersNeverSeeAHalfAppliedChangeAndTheAuditCountsEveryStep() async throws {
        let store = try Fixture.makeStore()
        let q = try Fixture.queries(store)
        let rounds = 60
        let stop = Flag()

        // Readers on their own threads (not the cooperative pool, which busy readers would
        // starve): what the index finds and what the layer holds must agree at every read, and a
        // case must be seen with a status its transitions could have given it.
        let reads = Counter(), failures = Counter()
        let group = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) {
                repeat {
                    let (indexed, held, statuses) = store.read { view in
                        (view[.cases].index.search(IndexBoxAll.box).count, view[.cases].count,
                         view[.cases].features.values.compactMap(\.status))
                    }
                    if indexed != held || !statuses.allSatisfy({ ["reported", "registered", "dispatched"].contains($0) }) {
                        failures.increment()
                    }
                    if (try? q.nearestCases(to: Point(x: 100, y: 100), crs: .working, k: 5)) == nil { failures.increment() }
                    reads.increment()
                } while !stop.isSet
            }
        }
        while reads.value == 0 { try await Task.sleep(nanoseconds: 1_000_000) }

        // The writer: report a case, then register and dispatch it; every case passes through
        // three transactions, each updating the feature and the audit history together.
        for i in 0..<rounds {
            let id = String(format: "W%03d", i)
            let at = Fixture.reportedAt.addingTimeInterval(Double(i) * 600)
            _ = try q.report(CaseReport(id: id, typeCode: "0503", source: .patrol,
                                        point: Point(x: Double(10 + i % 180), y: Double(10 + (i * 7) % 180)), crs: .working,
                                        description: "占道经营", reportedAt: at), by: .staff("巡查员"))
            _ = try q.transition(caseID: id, event: .register(), by: .staff("受理员"), at: at.addingTimeInterval(60))
            _ = try q.transition(caseID: id, event: .dispatch(to: .department(code: "enforcement")), by: .staff("派单员"),
                                 at: at.addingTimeInterval(120))
        }
        stop.set()
        group.wait()
        let total = reads.value
        #expect(failures.value == 0)
        #expect(total > 0)
        #expect(try store.transitionCount() == rounds * 3)
        store.read { view in
            #expect(view[.cases].count == rounds)
            #expect(view[.cases].features.values.allSatisfy { $0.status == "dispatched" })
        }
    }
}

/// A count shared by the reader threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

/// A flag readers poll; set once by the writer.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

enum IndexBoxAll {
    static let box = IndexBox(minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9)
}
