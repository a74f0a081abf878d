import CityModel
import CityStore
import Foundation
import Synchronization

/// The events no write causes, found by looking at the clock: a case's deadline passing
/// (`case.overdue`, once per case and deadline) and an officer on duty whose last fix grew older
/// than `officerStaleSeconds` (`officer.stale`, once per fix). Each is written to the outbox with
/// a once-key, so a restart, a second node or a second look never sends one twice; a restart
/// sends what passed while the server was down, because the watch's start is stored
/// (`event_watch`), not taken from the process. What was already overdue or stale before the
/// watch first began on this store (a loaded sample's old cases) is not announced: the cases
/// panel shows it, and a thousand alerts at the first start would drown the real ones.
public final class EventWatch: Sendable {
    public static let name = "deadlines-and-fixes"
    let queries: CityQueries
    private struct State {
        var since: Date?
        /// The open cases' deadlines not yet announced, by case id.
        var due: [String: Date] = [:]
        /// The outbox row the deadlines were last brought up to.
        var cursor: Int64 = -1
        /// The stale keys written or found, so that each is looked up once.
        var staleSeen: Set<String> = []
    }
    private let state = Mutex(State())

    public init(queries: CityQueries) {
        self.queries = queries
    }

    /// Looks once: brings the deadlines up to the committed events, and writes the events whose
    /// time has come. Answers how many it wrote.
    @discardableResult
    public func look(now: Date = Date()) throws -> Int {
        let store = queries.store
        var s = state.withLock { $0 }
        if s.since == nil { s.since = try queries.translated { try store.watchSince(Self.name, now: now) } }
        let since = s.since!
        try refreshDeadlines(&s)

        var rows: [String: EventRow] = [:]
        for (caseID, due) in s.due where due <= now {
            if due <= since { s.due[caseID] = nil; continue }
            let key = "overdue:\(caseID):\(Self.millis(due))"
            rows[key] = EventRow(type: "case.overdue", subject: caseID, at: CityTime.timestamp(due), actor: "clock",
                                 note: "due \(CityTime.timestamp(due))", onceKey: key)
        }
        let maxAge = queries.configuration.officerStaleSeconds
        // Only officers on duty can go stale: the layer's tags say which, before any is decoded.
        let officers: [Officer] = store.read { view in
            let table = view[.officers]
            let onDuty = table.tags.mask(["onDuty"])
            return table.features.compactMap { rowid, f in
                table.tags.matches(rowid: rowid, status: onDuty, category: nil) ? try? f.decode(Officer.self) : nil
            }
        }
        for o in officers where o.onDuty {
            guard let fix = o.position?.at else { continue }
            let staleAt = fix.addingTimeInterval(maxAge)
            guard staleAt <= now, staleAt > since else { continue }
            let key = "stale:\(o.id):\(Self.millis(fix))"
            guard !s.staleSeen.contains(key) else { continue }
            rows[key] = EventRow(type: "officer.stale", subject: o.id, at: CityTime.timestamp(staleAt), actor: "clock",
                                 note: "no fix since \(CityTime.timestamp(fix))", onceKey: key)
        }
        let already = try queries.translated { try store.emittedOnceKeys(Array(rows.keys)) }
        let fresh = rows.filter { !already.contains($0.key) }.sorted { ($0.value.at, $0.key) < ($1.value.at, $1.key) }
        if !fresh.isEmpty {
            var batch = WriteBatch()
            for (_, row) in fresh { batch.append(row) }
            try queries.translated { try store.update { _ in (batch, ()) } }
        }
        for (key, row) in rows {
            if row.type == "case.overdue" { s.due[row.subject] = nil } else { s.staleSeen.insert(key) }
        }
        // Keys of fixes since replaced (or of officers gone off duty) are of no more use.
        let current = Set(officers.compactMap { o in o.position.map { "stale:\(o.id):\(Self.millis($0.at))" } })
        s.staleSeen.formIntersection(current)
        state.withLock { $0 = s }
        return fresh.count
    }

    /// An instant in a once-key: milliseconds since 1970, as the store keeps instants.
    static func millis(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded()) }

    /// The first look reads every open case's deadline; later ones only those of the cases whose
    /// steps were committed since (a deadline changes only with a step: registration, dispatch).
    private func refreshDeadlines(_ s: inout State) throws {
        let store = queries.store
        var changed: Set<String>?
        if s.cursor < 0 {
            s.cursor = try queries.translated { try store.lastEventID() }
        } else {
            var ids: Set<String> = []
            while true {
                let page = try queries.translated { try store.events(after: s.cursor, limit: 5000) }
                guard let last = page.last?.id else { break }
                for e in page where e.row.type.hasPrefix("case.") && e.row.type != "case.overdue" { ids.insert(e.row.subject) }
                s.cursor = last
            }
            changed = ids
        }
        let calendar = queries.calendar
        let found: [(String, Date?)] = store.read { view in
            let cases = view[.cases]
            let features = changed.map { ids in ids.map { (id: $0, feature: cases.feature(id: $0)) } }
                ?? cases.features.values.map { (id: $0.id, feature: Optional($0)) }
            return features.map { id, f in
                guard let f, let status = f.status.flatMap(CaseStatus.init(rawValue:)), !status.isTerminal, status != .escalated,
                      let c = try? f.decode(ViolationCase.self) else { return (id, nil) }
                return (id, try? c.dueDate(calendar: calendar))
            }
        }
        for (id, due) in found { s.due[id] = due }
    }
}
