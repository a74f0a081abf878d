import CityModel
import Foundation
import GRDB

/// Builds one layer's search index on a thread and a database of its own while the store's writer
/// inserts the layer's rows; the writer then copies the finished index in (`SearchIndex.replace`),
/// inside its transaction. FTS5's tokenizing and merging of a large import's text was a third of
/// its time on the writer's thread; this way it runs on the other core, and the copy is a few
/// page-sized rows per thousand features.
///
/// The scratch database is a file in a scratch directory (the system's temporary one), deleted by `cancel` once the
/// commit is over, whether it succeeded or not (and by the next bulk load, if the process was
/// killed first).
final class SearchIndexBuilder: @unchecked Sendable {
    let layer: Layer
    let path: String
    private var scratch: DatabaseQueue?
    private let condition = NSCondition()
    private var pending: [[(Int64, String)]] = []
    private var closed = false
    private var finished = false
    private var failure: (any Error)?
    private var local: [(Int64, String)] = []

    init(layer: Layer, directory: String, maxPending: Int = 16) throws {
        self.layer = layer
        self.maxPending = maxPending
        Self.removeOrphans(in: directory)
        path = (directory as NSString)
            .appendingPathComponent("\(Self.prefix)\(getpid())-\(layer.rawValue)-\(UUID().uuidString).sqlite")
        var config = Configuration()
        config.prepareDatabase { db in
            // Scratch: nothing here needs to survive a crash, the store's commit is what counts.
            try db.execute(sql: "PRAGMA journal_mode = OFF")
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        let scratch = try DatabaseQueue(path: path, configuration: config)
        try scratch.write { db in try db.execute(sql: SearchIndex.createSQL(named: "s")) }
        self.scratch = scratch
        Thread { [self] in run(scratch) }.start()
    }

    static let prefix = "citygrid-search-"

    /// Deletes the scratch files of processes that are gone (an import killed mid-way leaves its
    /// file behind, hundreds of megabytes for a large layer). The file name carries the pid.
    static func removeOrphans(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0 else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
            }
        }
    }

    /// The name the store's connection attaches the scratch database under.
    static func schema(_ layer: Layer) -> String { "searchBuild_\(layer.rawValue)" }

    deinit {
        scratch = nil
        removeFiles()
    }

    /// Queues one feature's text (from the writer's thread).
    func add(rowid: Int64, text: String) {
        local.append((rowid, text))
        if local.count >= 4096 { flush() }
    }

    /// Waits until every queued text is indexed and the scratch database committed.
    func finish() throws {
        flush()
        condition.lock()
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// Batches queued for the builder's thread at most: a writer that outruns it waits, so the
    /// texts of a file larger than memory are not all queued at once.
    let maxPending: Int
    /// The most batches ever queued at once (for tests).
    private(set) var highWater = 0

    private func flush() {
        guard !local.isEmpty else { return }
        condition.lock()
        while pending.count >= maxPending && !finished { condition.wait() }
        pending.append(local)
        highWater = max(highWater, pending.count)
        condition.broadcast()
        condition.unlock()
        local = []
    }

    /// Stops the thread (the commit failed, or is done with the builder), waits for it, and
    /// deletes the scratch file: a command that exits right after a failed import leaves nothing
    /// behind.
    func cancel() {
        condition.lock()
        closed = true
        pending = []
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        removeFiles()
    }

    private func removeFiles() {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private func run(_ scratch: DatabaseQueue) {
        var outcome: (any Error)?
        do {
            try scratch.write { db in
                // One bulk load: no automatic merging while it is written (see CityDatabase.apply).
                try db.execute(sql: "INSERT INTO s (s, rank) VALUES ('automerge', 0)")
                let insert = DirectStatement(statement: try db.makeStatement(sql: "INSERT INTO s (rowid, text) VALUES (?, ?)"))
                while let batch = next() {
                    for (rowid, text) in batch {
                        insert.reset()
                        try insert.bind(1, rowid)
                        try insert.bind(2, text)
                        try insert.step(in: db)
                    }
                }
                // The copy keeps this configuration: later writes merge as usual.
                try db.execute(sql: "INSERT INTO s (s, rank) VALUES ('automerge', 4)")
            }
        } catch {
            outcome = error
        }
        condition.lock()
        failure = outcome
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func next() -> [(Int64, String)]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !closed { condition.wait() }
        guard !pending.isEmpty else { return nil }
        condition.broadcast()
        return pending.removeFirst()
    }
}
