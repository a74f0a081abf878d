import CityModel
import Foundation
import Synchronization

/// The store the queries run on: the database, and every layer in memory with its R-tree.
///
/// Every write is one database transaction, then the same change applied to memory; a crash
/// between the two loses nothing, because memory is rebuilt from the database on open. Writers
/// are serialised so that memory is changed in commit order.
///
/// Other processes may write the same storage (the command line beside a server, other server
/// nodes on PostgreSQL). Memory is as of a change-log sequence (`appliedSequence`) and catches up
/// by reading what was committed after it (`catchUp`, which a follower calls when the log moves).
/// A write decided on memory (a case number, a transition's check) commits only if no other
/// writer committed in between, which the storage checks inside the transaction; otherwise memory
/// catches up and the decision is made again.
public final class CityStore: @unchecked Sendable {
    public let storage: any CityStorage
    private let tables: [Layer: LayerTable]
    /// Every account and token, replaced whole (under `lock`) when the log says they changed.
    private var directory: AccountDirectory
    /// Tokens' last uses not yet written (CityStore+Accounts).
    let tokenUses = TokenUseLog()
    private let lock = ReadWriteLock()
    private let writerSerial = NSLock()
    /// Set by `commitAsLastWrite`: memory no longer follows the database.
    private var retired = false
    /// The change-log sequence memory has applied; changed only under `writerSerial`.
    private let applied: Atomic<Int64>
    /// How many times a write decided on memory is made again after other writers got there
    /// first, before the caller is told to try later. Two nodes writing flat out lost 3.5 % of
    /// their reports after 8 attempts (bench-http STORE=postgres); each attempt costs a catch-up
    /// and the decision, milliseconds.
    static let writeAttempts = 32

    /// The SQLite database under the store, when that is the storage (tests and tools that
    /// need SQL).
    public var database: CityDatabase? { storage as? CityDatabase }

    /// Opens the store on SQLite, loading every layer and bulk-building its index.
    public convenience init(database: CityDatabase) throws {
        try self.init(storage: database)
    }

    /// Opens the store on any storage, loading every layer and bulk-building its index.
    public convenience init(storage: any CityStorage) throws {
        try self.init(storage: storage, loading: nil)
    }

    /// Opens the store for a one-shot import of the layers outside `layers`: only `layers` are
    /// loaded (the zones an import attributes against), the others read as empty. Its caller
    /// ends with `commitAsLastWrite`, so the store's size does not weigh on the import's memory.
    public static func forImport(storage: any CityStorage, loading layers: Set<Layer>) throws -> CityStore {
        try CityStore(storage: storage, loading: layers)
    }

    private init(storage: any CityStorage, loading layers: Set<Layer>?) throws {
        self.storage = storage
        // Read before the load: a batch committed during it is read again on catching up, which
        // changes nothing; one missed would never be.
        applied = Atomic(try storage.logEnd())
        var tables: [Layer: LayerTable] = [:]
        let rowsByLayer = try layers.map { try storage.loadFeatures(layers: $0) } ?? storage.loadFeatures()
        for layer in Layer.allCases {
            tables[layer] = try LayerTable(layer: layer, rows: rowsByLayer[layer] ?? [])
        }
        self.tables = tables
        directory = try storage.loadAccounts()
    }

    /// The change-log sequence memory has caught up to.
    public var appliedSequence: Int64 { applied.load(ordering: .acquiring) }

    /// Runs `body` on a consistent view of every layer: no write is half-applied while it runs.
    public func read<T>(_ body: (CityView) throws -> T) rethrows -> T {
        try lock.withReadLock {
            precondition(!retired, "CityStore read after commitAsLastWrite: its memory no longer matches \(storage.location)")
            return try body(CityView(tables: tables, accounts: directory))
        }
    }

    /// Commits `batch` in one transaction, then applies it to memory.
    public func commit(_ batch: WriteBatch) throws {
        guard !batch.isEmpty else { return }
        writerSerial.lock()
        defer { writerSerial.unlock() }
        precondition(!retired, "CityStore written after commitAsLastWrite")
        try materialiseBodies(changedBy: batch)
        guard case .committed(let sequence, let previous, let changes) = try storage.commit(batch, requiringLogEnd: nil) else {
            preconditionFailure("an unconditional commit is never behind")
        }
        if previous == appliedSequence {
            try applyToMemory(changes)
            if batch.changesAccounts { try reloadAccountsLocked() }
            applied.store(sequence, ordering: .releasing)
        } else {
            // Others wrote since memory last caught up: read theirs and this batch back in order.
            try catchUpLocked()
        }
    }

    /// Commits `batch` for a caller that is done with this store afterwards (a one-shot import):
    /// the database gets all of it and memory none of it, which saves building indexes nobody
    /// will read (a million-shop import spent seconds on them). The store can be neither read nor
    /// written after it; open a new one on the same storage for that.
    public func commitAsLastWrite(_ batch: WriteBatch) throws {
        guard !batch.isEmpty else { return }
        writerSerial.lock()
        defer { writerSerial.unlock() }
        precondition(!retired, "CityStore written after commitAsLastWrite")
        lock.withWriteLock { retired = true }
        try storage.commitForgettingChanges(batch)
    }

    /// Reads and changes in one serialized step: `body` sees the current view (with the write
    /// lock's exclusion from other writers, not from readers) and returns the batch to commit, so
    /// that read-modify-write sequences such as a case transition cannot interleave.
    ///
    /// Memory first catches up with other writers; the batch then commits only if none of them
    /// committed since (the storage checks, under its writer lock). If one did, memory catches up
    /// again and `body` decides again, on the newer state: a case number is never taken twice, a
    /// transition never applied from a status the case has left.
    public func update<T>(_ body: (CityView) throws -> (WriteBatch, T)) throws -> T {
        writerSerial.lock()
        defer { writerSerial.unlock() }
        precondition(!retired, "CityStore written after commitAsLastWrite")
        for attempt in 0..<Self.writeAttempts {
            try catchUpLocked()
            let (batch, result) = try lock.withReadLock { try body(CityView(tables: tables, accounts: directory)) }
            guard !batch.isEmpty else { return result }
            try materialiseBodies(changedBy: batch)
            switch try storage.commit(batch, requiringLogEnd: appliedSequence) {
            case .committed(let sequence, _, let changes):
                try applyToMemory(changes)
                if batch.changesAccounts { try reloadAccountsLocked() }
                applied.store(sequence, ordering: .releasing)
                return result
            case .behind:
                // Another node keeps committing: after the first retry, step aside for a moment,
                // a random one so that two nodes do not keep meeting in step.
                if attempt > 0 {
                    Thread.sleep(forTimeInterval: Double.random(in: 0...0.002) * Double(min(attempt, 8)))
                }
                continue
            }
        }
        throw StoreError.writeContention(attempts: Self.writeAttempts)
    }

    /// Applies what other writers committed since memory last caught up, and answers the sequence
    /// memory is now at.
    @discardableResult
    public func catchUp() throws -> Int64 {
        writerSerial.lock()
        defer { writerSerial.unlock() }
        precondition(!retired, "CityStore read after commitAsLastWrite")
        try catchUpLocked()
        return appliedSequence
    }

    /// Under `writerSerial`: reads the changes after the applied sequence and applies them. Layers
    /// replaced elsewhere are loaded and indexed before the memory lock is taken, so readers wait
    /// only for the swap.
    private func catchUpLocked() throws {
        let set = try storage.changes(after: appliedSequence)
        guard set.sequence > appliedSequence else { return }
        var fresh: [Layer: LayerTable] = [:]
        for (layer, rows) in set.reloaded { fresh[layer] = try LayerTable(layer: layer, rows: rows) }
        // Memory changes only under writerSerial, which this holds: reading it here is safe.
        var byLayer: [Layer: [StoredChange]] = [:]
        for (layer, current) in set.touched where fresh[layer] == nil {
            let table = tables[layer]!
            var removed: [StoredChange] = [], put: [StoredChange] = []
            for (id, row) in current {
                let old = table.rowids[id]
                if let (rowid, feature) = row {
                    if let old, old != rowid { removed.append(.remove(layer, old)) }
                    put.append(.put(rowid, feature))
                } else if let old {
                    removed.append(.remove(layer, old))
                }
            }
            // Removals first: a rowid freed by one entity may have been reused by another.
            byLayer[layer] = removed + put
        }
        try lock.withWriteLock {
            for (layer, table) in fresh { tables[layer]!.replaceContents(with: table) }
            for (layer, changes) in byLayer { try tables[layer]!.apply(changes) }
            if let accounts = set.accounts { directory = accounts }
        }
        applied.store(set.sequence, ordering: .releasing)
    }

    /// Under `writerSerial`, after this store committed account changes: the directory read
    /// back whole (a later writer's changes read with it are read again on catching up, which
    /// changes nothing).
    private func reloadAccountsLocked() throws {
        let fresh = try storage.loadAccounts()
        lock.withWriteLock { directory = fresh }
    }
}

extension CityStore {
    /// Reads the attributes of every feature the batch will change or remove that are still
    /// unread, so readers holding the current version keep seeing its attributes after the row
    /// changes (a body reads its row on first use). Runs under the writer lock, before the commit.
    private func materialiseBodies(changedBy batch: WriteBatch) throws {
        var replaced: Set<Layer> = []
        var touched: [(Layer, String)] = []
        for change in batch.changes {
            switch change {
            case .upsert(let f): touched.append((f.layer, f.id))
            case .delete(let layer, let id): touched.append((layer, id))
            case .replaceLayer(let layer, _): replaced.insert(layer)
            case .insert, .insertMany, .transition, .dossierRecord, .account, .token, .audit, .officerFix, .event: break
            }
        }
        let pending: [Layer: [Int64: FeatureBody]] = lock.withReadLock {
            var pending: [Layer: [Int64: FeatureBody]] = [:]
            for layer in replaced {
                let table = tables[layer]!
                for (rowid, f) in table.features where !f.body.isLoaded { pending[layer, default: [:]][rowid] = f.body }
            }
            for (layer, id) in touched where !replaced.contains(layer) {
                guard let rowid = tables[layer]!.rowids[id], let f = tables[layer]!.features[rowid] else { continue }
                if !f.body.isLoaded { pending[layer, default: [:]][rowid] = f.body }
            }
            return pending
        }
        for (layer, bodies) in pending {
            if bodies.count > 64 {
                try storage.forEachProperties(of: layer) { rowid, bytes in bodies[rowid]?.fill(bytes) }
            } else {
                for body in bodies.values { try body.materialise() }
            }
        }
    }

    /// Applies committed changes to memory, layer by layer, under the exclusive lock.
    private func applyToMemory(_ applied: [StoredChange]) throws {
        let byLayer = Dictionary(grouping: applied) { change -> Layer in
            switch change {
            case .put(_, let feature): feature.layer
            case .remove(let layer, _): layer
            }
        }
        try lock.withWriteLock {
            for (layer, changes) in byLayer { try tables[layer]!.apply(changes) }
        }
    }
}

/// What the queries see: every layer, as of one committed write.
public struct CityView: Sendable {
    let tables: [Layer: LayerTable]
    /// Every account and token, as of the same write as the layers.
    public let accounts: AccountDirectory
    public subscript(layer: Layer) -> LayerTable { tables[layer]! }
}
