import Foundation
import GeoCore
import Testing
import TestSupport
@testable import CityStore

/// Attributes read on first use, memos, and the tag arrays the filters read: each against a plain
/// model (what was committed, a dictionary of tags).
struct LazyAttributesTests {
    static func point(_ i: Int) -> Geometry { .point(Point(x: Double(i), y: Double(i % 7))) }

    static func props(_ i: Int, _ version: String) -> [UInt8] { Array(#"{"n":\#(i),"v":"\#(version)"}"#.utf8) }

    /// A store of `n` cases in a file, reopened so that every feature's attributes are unread.
    static func reopenedStore(_ n: Int) throws -> (CityStore, String) {
        let path = CityStoreTests.temporaryPath()
        var batch = WriteBatch()
        for i in 0..<n {
            batch.insert(StoredFeature(layer: .cases, id: "C\(i)", geometry: point(i), properties: props(i, "old"),
                                       category: "01\(i % 3)", status: i % 2 == 0 ? "reported" : "closed"))
        }
        try CityStore(database: .open(path: path)).commit(batch)
        return (try CityStore(database: .open(path: path)), path)
    }

    @Test func attributesAreReadOnFirstUseAndMatchWhatWasCommitted() throws {
        let (store, _) = try Self.reopenedStore(50)
        store.read { view in
            for (_, f) in view[.cases].features { #expect(!f.body.isLoaded) }
            for i in [0, 17, 49] {
                let f = view[.cases].feature(id: "C\(i)")!
                #expect(f.properties == Self.props(i, "old"))
                #expect(f.body.isLoaded)
            }
        }
    }

    @Test(arguments: [3, 200]) func aReaderHoldingAnOldVersionKeepsItsAttributesAcrossWrites(changed: Int) throws {
        let (store, _) = try Self.reopenedStore(200)
        let held = store.read { view in (0..<200).map { view[.cases].feature(id: "C\($0)")! } }
        #expect(held.allSatisfy { !$0.body.isLoaded })
        var batch = WriteBatch()
        if changed == 200 { batch.replaceLayer(.cases, source: "test") }
        for i in 0..<changed {
            let f = StoredFeature(layer: .cases, id: "C\(i)", geometry: Self.point(i), properties: Self.props(i, "new"),
                                  category: "019", status: "closed")
            if changed == 200 { batch.insert(f) } else { batch.upsert(f) }
        }
        batch.delete(layer: .cases, id: "C199")
        try store.commit(batch)
        for (i, f) in held.enumerated() { #expect(f.properties == Self.props(i, "old"), "C\(i)") }
        store.read { view in
            for i in 0..<changed where i != 199 { #expect(view[.cases].feature(id: "C\(i)")?.properties == Self.props(i, "new")) }
            #expect(view[.cases].feature(id: "C199") == nil)
        }
    }

    @Test func aMemoLastsForOneVersionOnly() {
        var f = StoredFeature(layer: .cases, id: "C1", geometry: Self.point(1), properties: Self.props(1, "a"), status: "reported")
        let copy = f
        var made = 0
        #expect(f.memo("k") { made += 1; return made } == 1)
        #expect(copy.memo("k") { made += 1; return made } == 1)
        f.status = "closed"
        #expect(f.memo("k") { made += 1; return made } == 2)
        f.properties = Self.props(1, "b")
        #expect(f.memo("k") { made += 1; return made } == 3)
        #expect(copy.memo("k") { made += 1; return made } == 1)
    }

    @Test func tagsAgreeWithAPlainModel() {
        let seed = UInt64(ProcessInfo.processInfo.environment["SEED"] ?? "") ?? 20261129
        print("tagsAgreeWithAPlainModel seed \(seed)")
        var rng = SplitMix64(seed: seed)
        let names = ["reported", "closed", "0101", "0305", "x", "y"]
        var tags = FeatureTags()
        var model: [Int64: (category: String?, status: String?)] = [:]
        for step in 0..<4000 {
            let rowid = Int64(rng.next() % 300) + 1000
            if rng.next() % 4 == 0 {
                tags.clear(rowid: rowid)
                model[rowid] = nil
            } else {
                let c = rng.next() % 3 == 0 ? nil : names[Int(rng.next() % 6)]
                let s = rng.next() % 3 == 0 ? nil : names[Int(rng.next() % 6)]
                tags.set(rowid: rowid, category: c, status: s)
                model[rowid] = (c, s)
            }
            guard step % 40 == 0 else { continue }
            let wantedStatus = Set(names.filter { _ in rng.next() % 2 == 0 })
            let wantedCategory = Set(names.filter { _ in rng.next() % 2 == 0 })
            let useStatus = rng.next() % 2 == 0, useCategory = rng.next() % 2 == 0
            for probe in Int64(990)...Int64(1310) {
                let expected = model[probe].map { m in
                    (!useStatus || m.status.map(wantedStatus.contains) == true)
                        && (!useCategory || m.category.map(wantedCategory.contains) == true)
                } ?? false
                let actual = tags.matches(rowid: probe, status: useStatus ? tags.mask(wantedStatus) : nil,
                                          category: useCategory ? tags.mask(wantedCategory) : nil)
                #expect(actual == expected, "rowid \(probe) at step \(step)")
            }
        }
    }
}

