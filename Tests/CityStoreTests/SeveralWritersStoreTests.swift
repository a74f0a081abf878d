import Foundation
import GeoCore
import SpatialIndex
import Testing
import TestSupport
@testable import CityStore

/// Two stores on one storage, as a server and the command line are on one SQLite file, or two
/// server nodes on one PostgreSQL database: each follows the other's commits through the change
/// log, and a write decided on memory that is behind is decided again. Checked against a plain
/// model of what was committed (a dictionary of id → attributes), on both storages.
struct SeveralWritersStoreTests {
    static func feature(_ id: String, _ i: Int, _ version: String, status: String = "reported") -> StoredFeature {
        StoredFeature(layer: .cases, id: id, geometry: .point(Point(x: Double(i), y: Double(i % 11))),
                      properties: Array(#"{"id":"\#(id)","v":"\#(version)"}"#.utf8), category: "0103", status: status)
    }

    /// A feature as the model keeps it: its attributes as a JSON value (PostgreSQL's jsonb gives
    /// them back in its own layout) and its status.
    struct Seen: Equatable, CustomStringConvertible {
        var properties: JSONValue
        var status: String
        init(_ f: StoredFeature) {
            properties = (try? JSONValue(parsing: f.properties)) ?? .null
            status = f.status ?? ""
        }
        var description: String { properties.jsonString + "|" + status }
    }

    /// What a store's memory holds of the cases layer: id → (attributes, status), every envelope
    /// found again through the R-tree.
    static func memory(_ store: CityStore) -> [String: Seen] {
        store.read { view in
            let table = view[.cases]
            var out: [String: Seen] = [:]
            for (rowid, f) in table.features {
                #expect(table.rowids[f.id] == rowid, "\(f.id): rowid map disagrees")
                let hits = table.index.search(IndexBox(f.envelope)!).map { Int64($0) }
                #expect(hits.contains(rowid), "\(f.id) is not found through the index")
                out[f.id] = Seen(f)
            }
            #expect(table.rowids.count == table.features.count)
            return out
        }
    }

    @Test(arguments: StorageBackend.available)
    func aStoreFollowsAnotherWritersUpsertsDeletesAndReplacements(backend: StorageBackend) throws {
        let place = try backend.place()
        let a = try place.store()
        var batch = WriteBatch()
        for i in 0..<100 { batch.insert(Self.feature("C\(i)", i, "a0")) }
        try a.commit(batch)
        let b = try place.store()
        #expect(Self.memory(b) == Self.memory(a))

        var random = SplitMix64(seed: TestSeed.value("SeveralWritersStoreTests", default: 20261203))
        var model = Self.memory(a)
        for round in 0..<40 {
            let (writer, other) = random.next() % 2 == 0 ? (a, b) : (b, a)
            var batch = WriteBatch()
            if round % 13 == 12 {
                // A re-import in another order: rowids change hands.
                batch.replaceLayer(.cases, source: "round \(round)")
                model = [:]
                for i in (0..<90).reversed() {
                    let f = Self.feature("C\(i)", i + round, "r\(round)")
                    batch.insert(f)
                    model[f.id] = Seen(f)
                }
            } else {
                for _ in 0..<5 {
                    let i = Int(random.next() % 120)
                    if random.next() % 4 == 0, model["C\(i)"] != nil {
                        batch.delete(layer: .cases, id: "C\(i)")
                        model["C\(i)"] = nil
                    } else {
                        let f = Self.feature("C\(i)", i + round, "u\(round)", status: round % 2 == 0 ? "registered" : "reported")
                        batch.upsert(f)
                        model[f.id] = Seen(f)
                    }
                }
            }
            try writer.commit(batch)
            #expect(Self.memory(writer) == model, "round \(round): the writer's own memory")
            try other.catchUp()
            #expect(Self.memory(other) == model, "round \(round): the other store after catching up")
            #expect(other.appliedSequence == writer.appliedSequence)
        }
    }

    @Test(arguments: StorageBackend.available)
    func attributesReadBeforeCatchingUpAreTheEntitysOwnNeverAnothers(backend: StorageBackend) throws {
        let place = try backend.place()
        var batch = WriteBatch()
        for i in 0..<200 { batch.insert(Self.feature("C\(i)", i, "old")) }
        try place.store().commit(batch)
        // Opened anew: every attribute is read on first use, by rowid.
        let server = try place.store()
        let cli = try place.store()
        var reimport = WriteBatch()
        reimport.replaceLayer(.cases, source: "reversed")
        for i in (0..<200).reversed() { reimport.insert(Self.feature("C\(i)", i, "new")) }
        try cli.commit(reimport)
        // Not caught up: memory still has the old rowids, each now another case's row.
        server.read { view in
            for i in [0, 1, 57, 199] {
                let properties = try? JSONValue(parsing: view[.cases].feature(id: "C\(i)")!.properties)
                #expect(properties?["id"] == .string("C\(i)"), "C\(i) answered with \(properties?.jsonString ?? "nothing")")
            }
        }
        try server.catchUp()
        #expect(Self.memory(server) == Self.memory(cli))
    }

    @Test(arguments: StorageBackend.available)
    func aWriteDecidedOnMemoryThatIsBehindIsDecidedAgain(backend: StorageBackend) throws {
        let place = try backend.place()
        let a = try place.store()
        let b = try place.store()
        var first = WriteBatch()
        first.insert(Self.feature("N1", 1, "a"))
        try a.commit(first)
        // b has not seen N1: its update must see it, since its decision depends on it.
        var decisions: [Bool] = []
        try b.update { view -> (WriteBatch, Void) in
            let exists = view[.cases].feature(id: "N1") != nil
            decisions.append(exists)
            var batch = WriteBatch()
            batch.insert(Self.feature(exists ? "N2" : "N1", 2, "b"))
            return (batch, ())
        }
        #expect(decisions == [true])
        #expect(Set(Self.memory(b).keys) == ["N1", "N2"])

        // A commit that lands between b's catch-up and its commit sends b round again.
        var raced = false
        try b.update { view -> (WriteBatch, Void) in
            if !raced {
                raced = true
                var other = WriteBatch()
                other.insert(Self.feature("N3", 3, "a"))
                try a.commit(other)
            }
            let next = "N\(view[.cases].count + 1)"
            decisions.append(view[.cases].feature(id: "N3") != nil)
            var batch = WriteBatch()
            batch.insert(Self.feature(next, 4, "b"))
            return (batch, ())
        }
        #expect(decisions == [true, false, true], "decided once more, on memory that has N3")
        #expect(Set(Self.memory(b).keys) == ["N1", "N2", "N3", "N4"])
        try a.catchUp()
        #expect(Self.memory(a) == Self.memory(b))
    }
}
