import CityImport
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import GEOSKit
import Patrol
import Testing

/// Officers on duty on the sample district (24 officers, one team per sub-district): fixes kept
/// and refused one by one, who may send them, the nearest officers against a sorted scan, and the
/// dispatch suggestions against one street path per officer.
@Suite(.serialized) struct OfficerTests {
    /// A fresh copy of the sample per test: fixes change the officers.
    static func sample() throws -> CityQueries {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let store = try CityStore(database: .inMemory())
        let locator = Locator()
        _ = try DirectoryLoader(importer: LayerFileReader(provider: ProjCRSProvider(), options: ImportOptions()))
            .load(directory: root.appendingPathComponent("geodata/sample").path, into: store,
                  attribution: AttributionStep(violationCase: { c, view in try locator.attribute(&c, in: view) },
                                               officer: { o, view in try locator.attribute(&o, in: view) }))
        return try CityQueries(store: store, bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
    }

    static let now = ISO8601DateFormatter().date(from: "2027-03-01T10:00:00+08:00")!
    static let operatorCaller = Caller.commandLine("test")

    static func officers(_ q: CityQueries) -> [Officer] {
        q.store.read { v in v[.officers].features.values.compactMap { try? $0.decode(Officer.self) } }.sorted { $0.id < $1.id }
    }

    /// A point on a street near the officer's station, `metres` east of it along x (inside the grid).
    static func fix(_ o: Officer, dx: Double, seconds: Double) -> PositionFix {
        PositionFix(at: now.addingTimeInterval(seconds), point: Point(x: o.base.x + dx, y: o.base.y), crs: .working, accuracyMeters: 5)
    }

    @Test func fixesMoveTheOfficerAndKeepTheTrackInOrder() throws {
        let q = try Self.sample()
        let o = try #require(Self.officers(q).first)
        let report = try q.recordFixes([Self.fix(o, dx: 5, seconds: -30), Self.fix(o, dx: 10, seconds: -20), Self.fix(o, dx: 15, seconds: -10)],
                                       officerID: o.id, by: Self.operatorCaller, now: Self.now)
        #expect(report.accepted == 3 && report.refused.isEmpty)
        let moved = try q.officer(id: o.id)
        #expect(moved.location == Point(x: o.base.x + 15, y: o.base.y))
        #expect(moved.position?.at == StoredTime.rounded(Self.now.addingTimeInterval(-10)))
        let track = try q.track(officerID: o.id)
        #expect(track.map(\.point.x) == [o.base.x + 5, o.base.x + 10, o.base.x + 15])
        #expect(track.map(\.at) == track.map(\.at).sorted())
        // The R-tree moved with it: the officer is found at the new place, not the old.
        let near = try q.nearestOfficers(to: Point(x: o.base.x + 15, y: o.base.y), crs: .working, k: 1, onDutyOnly: false,
                                         includeStale: true, now: Self.now)
        #expect(near.first?.officer.id == o.id && (near.first?.distanceMeters ?? 1) < 1e-6)
        let lines = try q.store.auditEntries(AuditFilter(action: .positionsRecorded))
        #expect(lines.count == 1 && lines[0].subjectID == o.id && lines[0].detail.hasPrefix("3 fixes kept"))
    }

    @Test func aBadFixIsRefusedByIndexAndFieldAndTheOthersAreKept() throws {
        let q = try Self.sample()
        let o = try #require(Self.officers(q).first)
        let far = PositionFix(at: Self.now.addingTimeInterval(-40), point: Point(x: o.base.x + 50_000, y: o.base.y), crs: .working)
        let fixes = [
            Self.fix(o, dx: 5, seconds: -60),       // kept
            Self.fix(o, dx: 6, seconds: -70),       // older than the one before: refused
            far,                                     // off the map: refused
            Self.fix(o, dx: 7, seconds: 3_600),     // an hour ahead of the server's clock: refused
            PositionFix(at: Self.now.addingTimeInterval(-30), point: Point(x: o.base.x + 8, y: o.base.y), crs: .working, accuracyMeters: -1),
            Self.fix(o, dx: 9, seconds: -20),       // kept
        ]
        let report = try q.recordFixes(fixes, officerID: o.id, by: Self.operatorCaller, now: Self.now)
        #expect(report.accepted == 2)
        #expect(report.refused.map(\.index) == [1, 2, 3, 4])
        #expect(report.refused.map(\.field) == ["fixes[1].at", "fixes[2].point", "fixes[3].at", "fixes[4].accuracy"])
        #expect(try q.track(officerID: o.id).map(\.point.x) == [o.base.x + 5, o.base.x + 9])
        // Nothing at all kept: nothing written, not even the audit line.
        let before = try q.store.storage.logEnd()
        let again = try q.recordFixes([Self.fix(o, dx: 1, seconds: -100)], officerID: o.id, by: Self.operatorCaller, now: Self.now)
        #expect(again.accepted == 0 && again.refused.count == 1)
        #expect(try q.store.storage.logEnd() == before)
        #expect(throws: CityQueryError.self) { try q.recordFixes([Self.fix(o, dx: 1, seconds: 0)], officerID: "ZF-nobody", by: Self.operatorCaller) }
    }

    @Test func theOfficersOwnAccountOrADispatcherOfTheTeamsAreaSendsFixes() throws {
        let q = try Self.sample()
        // An officer of 豫园 (sub-district 018) linked to an account, as the roster's ACCOUNT column does.
        var o = try #require(Self.officers(q).first { $0.attribution?.gridCode?.subDistrict == 18 })
        o.accountID = "u-self"
        var batch = WriteBatch()
        var stored = try StoredFeature(o)
        stored.zoneVersion = q.store.read { $0[.officers].feature(id: o.id)!.zoneVersion }
        batch.upsert(stored)
        try q.store.commit(batch)

        func account(_ id: String, _ roles: Set<Role>, _ areas: [AreaScope]) -> Caller {
            Caller(Principal(.account(Account(id: id, name: id, unit: "", roles: roles, areas: areas, createdAt: .distantPast), tokenID: "t-\(id)")),
                   via: "test")
        }
        let yuyuan = AreaScope.subDistrict(district: 310101, number: 18), nanjing = AreaScope.subDistrict(district: 310101, number: 2)
        var t = -600.0
        func send(_ caller: Caller) throws -> Int {
            t += 10
            return try q.recordFixes([Self.fix(o, dx: 1, seconds: t)], officerID: o.id, by: caller, now: Self.now).accepted
        }
        #expect(try send(account("u-self", [.officer], [nanjing])) == 1, "one's own fixes, wherever one's areas are")
        #expect(try send(account("u-disp", [.dispatcher], [yuyuan])) == 1)
        #expect(try send(account("u-disp2", [.dispatcher], [.district(310101)])) == 1)
        #expect(throws: CityQueryError.self) { try send(account("u-other", [.officer], [yuyuan])) }
        #expect(throws: CityQueryError.self) { try send(account("u-disp3", [.dispatcher], [nanjing])) }
        #expect(throws: CityQueryError.self) { try send(Caller(Principal(.anonymous), via: "test")) }
        #expect(try q.track(officerID: o.id).count == 3, "refusals wrote nothing")
    }

    @Test func theNearestOfficersAgreeWithASortedScan() throws {
        let q = try Self.sample()
        let all = Self.officers(q)
        var random = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &random)
        var g = SplitMix(seed)
        // Fresh fixes for two in three; the others keep none (stale).
        for (i, o) in all.enumerated() where i % 3 != 0 {
            _ = try q.recordFixes([Self.fix(o, dx: g.next(-80...80), seconds: -g.next(1...200))], officerID: o.id, by: Self.operatorCaller, now: Self.now)
        }
        let officers = Self.officers(q)
        let area = q.store.read { v in v[.grids].features.values.reduce(Envelope.empty) { $0.union($1.envelope) } }
        for _ in 0..<20 {
            let p = Point(x: g.next(area.minX...area.maxX), y: g.next(area.minY...area.maxY))
            let k = Int(g.next(1...8))
            let found = try q.nearestOfficers(to: p, crs: .working, k: k, now: Self.now).map(\.officer.id)
            let expected = officers.filter { $0.onDuty && !$0.isStale(at: Self.now, maxAge: 300) }
                .sorted { ($0.location.distance(to: p), $0.id) < ($1.location.distance(to: p), $1.id) }.prefix(k).map(\.id)
            #expect(Set(found) == Set(expected), "seed \(seed)")
        }
    }

    @Test func suggestionsAgreeWithOneStreetPathPerOfficerAndTheLateComeLast() throws {
        let q = try Self.sample()
        var g = SplitMix(20_261_203)
        for o in Self.officers(q) {
            _ = try q.recordFixes([Self.fix(o, dx: g.next(-60...60), seconds: -30)], officerID: o.id, by: Self.operatorCaller, now: Self.now)
        }
        let graph = try q.streetGraph()
        let officers = Self.officers(q).filter(\.onDuty)
        let open = q.store.read { v in
            v[.cases].features.values.filter { $0.status == "registered" }.map(\.id).sorted()
        }
        // Brute force: one path per officer, in the officer's own mode. (The sample's streets are
        // not all one network: a case is chosen that at least six officers can reach.)
        func reachable(_ caseID: String) throws -> [(id: String, seconds: Double)] {
            let point = try q.violationCase(id: caseID).point
            var found: [(id: String, seconds: Double)] = []
            for o in officers {
                let mode = TravelMode(rawValue: o.mode.rawValue)!
                guard let from = graph.snap(o.location, mode: mode), let to = graph.snap(point, mode: mode),
                      let path = graph.path(from: from, to: to, mode: mode) else { continue }
                found.append((o.id, path.seconds))
            }
            return found.sorted { ($0.seconds, $0.id) < ($1.seconds, $1.id) }
        }
        var target = "", expected: [(id: String, seconds: Double)] = []
        for id in open {
            expected = try reachable(id)
            if expected.count >= 6 { target = id; break }
        }
        try #require(!target.isEmpty, "no registered case that six officers reach")
        let suggested = try q.dispatchSuggestions(caseID: target, k: 5, now: Self.now)
        #expect(suggested.map(\.officer.id) == expected.prefix(5).map(\.id))
        for (s, e) in zip(suggested, expected) { #expect(abs(s.seconds - e.seconds) < 1e-6) }
        for s in suggested { #expect(abs((s.path?.seconds ?? -1) - s.seconds) < 1e-6, "the path drawn is the one timed") }

        // The soonest officer takes another registered case and is late with it: ranked last now.
        let first = try #require(suggested.first).officer.id
        let other = try #require(open.first { $0 != target })
        _ = try q.transition(caseID: other, event: .dispatch(to: .officer(id: first)), by: Self.operatorCaller,
                             at: Self.now.addingTimeInterval(-90 * 86_400))
        #expect(try q.tasks(officerID: first, asOf: Self.now).map(\.violationCase.id) == [other])
        let again = try q.dispatchSuggestions(caseID: target, k: expected.count, now: Self.now)
        #expect(again.count == expected.count)
        #expect(again.first?.officer.id != first)
        #expect(again.last?.officer.id == first && again.last?.busyWithOverdue == true)
        // An officer off duty is not offered, and a dispatch to one is refused.
        let offDuty = try #require(Self.officers(q).first { !$0.onDuty })
        #expect(!again.contains { $0.officer.id == offDuty.id })
        #expect(throws: CityQueryError.self) {
            try q.transition(caseID: target, event: .dispatch(to: .officer(id: offDuty.id)), by: Self.operatorCaller)
        }
    }

    @Test func officersWithinACellAndAlongASegmentAgreeWithGEOS() throws {
        let q = try Self.sample()
        // Move a few officers off their stations, so that "where they are" is not "where they belong".
        for (k, o) in Self.officers(q).prefix(6).enumerated() {
            _ = try q.recordFixes([Self.fix(o, dx: Double(40 + 60 * k), seconds: -5)], officerID: o.id, by: Self.operatorCaller, now: Self.now)
        }
        let officers = Self.officers(q)
        let (cells, segments): ([(String, Geometry)], [(String, Geometry)]) = q.store.read { view in
            (view[.grids].features.values.compactMap { f in f.geometry.map { (f.id, $0) } },
             view[.segments].features.values.compactMap { f in f.geometry.map { (f.id, $0) } })
        }
        var checked = 0
        for (code, g) in cells {
            let expected = try officers.filter { try g.covers(Geometry.point($0.location)) }.map(\.id).sorted()
            guard !expected.isEmpty else { continue }
            #expect(try q.grid(code: code).contents.officers.items.map(\.id) == expected, "cell \(code)")
            checked += 1
        }
        #expect(checked >= 5)
        var along = 0
        for (id, line) in segments.prefix(400) {
            let expected = try officers.filter { try line.distance(to: Geometry.point($0.location)) <= 50 }.map(\.id).sorted()
            #expect(try q.segment(id: id, corridorMeters: 50).contents.officers.items.map(\.id) == expected, "segment \(id)")
            along += expected.count
        }
        #expect(along > 0)
    }

    @Test func theStoredTrackFeedsTheCoverageAudit() throws {
        let q = try Self.sample()
        let o = try #require(Self.officers(q).first)
        // Walk one segment end to end, a fix every few metres; pick a segment far from it as the control.
        let (walked, far): (ChiefSegment, ChiefSegment) = try q.store.read { view in
            let all = try view[.segments].features.values.sorted { $0.id < $1.id }.map { ($0.geometry!, try $0.decode(ChiefSegment.self)) }
            let (line, s) = try #require(all.first { g, _ in g.length > 150 })
            let (_, other) = try #require(all.first { g, _ in ((try? g.distance(to: line)) ?? 0) > 500 })
            return (s, other)
        }
        let line: [Point] = q.store.read { view in view[.segments].feature(id: walked.segment.id)!.geometry!.allPoints }
        var fixes: [PositionFix] = []
        for (a, b) in zip(line, line.dropFirst()) {
            let n = max(1, Int(a.distance(to: b) / 4))
            for k in 0..<n {
                let t = Double(k) / Double(n)
                fixes.append(PositionFix(at: Self.now.addingTimeInterval(Double(fixes.count) - 3_000), point: Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)), crs: .working))
            }
        }
        #expect(try q.recordFixes(fixes, officerID: o.id, by: Self.operatorCaller, now: Self.now).accepted == fixes.count)
        let audit = try q.coverage(officerID: o.id, segmentIDs: [walked.segment.id, far.segment.id]).audit
        #expect(audit.covered == [walked.segment.id] && audit.missed == [far.segment.id])
        // Outside the window asked, the track is not there.
        let before = try q.coverage(officerID: o.id, segmentIDs: [walked.segment.id], to: Self.now.addingTimeInterval(-4_000))
        #expect(before.fixes == 0 && before.audit.missed == [walked.segment.id])
        // A chief's patch is the chief's segments.
        let chief = try #require(walked.chief?.id)
        #expect(try q.coverage(officerID: o.id, chiefID: chief).audit.segments.map(\.id).sorted() == q.segments(ofChief: chief).map(\.segment.id).sorted())
        #expect(throws: CityQueryError.self) { try q.coverage(officerID: o.id) }
        #expect(throws: CityQueryError.self) { try q.coverage(officerID: o.id, segmentIDs: ["SEG-nothing"]) }
    }
}

/// A small seeded generator, so a failing run can be replayed from its seed.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + Double(nextBits() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
    }
}
