import CityModel
import Foundation

/// Many features made while they are written, for an import. A source hands out the work of one
/// chunk at a time (reading a file is sequential); each chunk is then made on any core (encoding
/// is most of an import's work) while the writer inserts the chunks before it, in order. No more
/// than a few chunks are ever held, so a file larger than memory is written in bounded memory.
public struct FeatureStream: Sendable {
    public let layer: Layer
    /// The number of features, when known before they are read; nil for a source read to its end.
    public let count: Int?
    let next: @Sendable () throws -> ChunkWork?
    let finish: @Sendable () throws -> Void

    /// The work that makes one chunk, on whichever thread takes it.
    public typealias ChunkWork = @Sendable () throws -> FeatureChunk

    /// A stream over a sequential source. `next` is called from one thread at a time, in order, and
    /// returns the work of the next chunk, or nil at the end. `finish` runs on the writer's thread
    /// after the last chunk is written; an error from it rolls the whole write back.
    public init(layer: Layer, count: Int?, next: @escaping @Sendable () throws -> ChunkWork?,
                finish: @escaping @Sendable () throws -> Void = {}) {
        self.layer = layer
        self.count = count
        self.next = next
        self.finish = finish
    }

    /// A stream of `count` features, `make(i)` making feature `i`.
    public init(layer: Layer, count: Int, make: @escaping @Sendable (Int) throws -> StoredFeature) {
        let cursor = Cursor()
        self.init(layer: layer, count: count, next: {
            let lo = cursor.take(Self.chunkSize, of: count)
            guard lo < count else { return nil }
            let hi = min(count, lo + Self.chunkSize)
            return { FeatureChunk(features: try (lo..<hi).map(make)) }
        })
    }

    static let chunkSize = 4096
    /// Chunks made ahead of the writer.
    static let lookahead = 4

    /// Calls `body` with every chunk in order (each feature prepared for the commit), from the
    /// calling thread, after the chunk's own `accept`; the chunks are made ahead on other threads.
    /// The first error, from the source, a chunk's work, `accept` or `body`, stops them all and is
    /// thrown. Ends with the stream's `finish`.
    func forEachChunk(_ body: (FeatureChunk) throws -> Void) throws {
        let pipe = ChunkPipe(lookahead: Self.lookahead)
        let next = self.next
        // One producer per core but one, which the writer keeps (measured: a producer on every
        // core made a 200,000-shop import slower, not faster).
        let producers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        // Threads of their own, not the global queue: a busy global queue (a server's readers, a
        // test's) could leave a producer never started and the writer waiting for it forever.
        for _ in 0..<producers {
            Thread {
                while let (c, work) = pipe.claim(next) {
                    pipe.put(chunk: c, Result {
                        let chunk = try work()
                        for f in chunk.features { try f.prepareForCommit() }
                        return chunk
                    })
                }
            }.start()
        }
        defer { pipe.cancel() }
        var c = 0
        while let result = pipe.take(chunk: c) {
            let chunk = try result.get()
            try chunk.accept?()
            try body(chunk)
            c += 1
        }
        try finish()
    }
}

/// One chunk of a stream: its features in order, the side-table rows that go in after them, and
/// the in-order step of the chunk.
public struct FeatureChunk: Sendable {
    public var features: [StoredFeature]
    public var transitions: [CaseTransitionRow]
    public var dossierRecords: [DossierRecordRow]
    /// Runs on the writer's thread, chunk after chunk in order, before the chunk is written: the
    /// bookkeeping that depends on the records before it. An error stops and rolls back the write.
    public var accept: (@Sendable () throws -> Void)?

    public init(features: [StoredFeature], transitions: [CaseTransitionRow] = [], dossierRecords: [DossierRecordRow] = [],
                accept: (@Sendable () throws -> Void)? = nil) {
        self.features = features
        self.transitions = transitions
        self.dossierRecords = dossierRecords
        self.accept = accept
    }
}

/// Hands out index ranges to the producers of a counted stream.
private final class Cursor: @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0

    func take(_ n: Int, of count: Int) -> Int {
        lock.withLock {
            let lo = position
            position = min(count, position + n)
            return lo
        }
    }
}

/// Chunks handed from the producers to the writer in order, at most `lookahead` ahead of it.
private final class ChunkPipe: @unchecked Sendable {
    private let condition = NSCondition()
    /// Held while a producer asks the source for a chunk: the source is read in order.
    private let reading = NSLock()
    private var ready: [Int: Result<FeatureChunk, any Error>] = [:]
    private var claimed = 0
    /// The number of chunks, once the source has ended (or failed).
    private var end: Int?
    private var taken = 0
    private var cancelled = false
    private let lookahead: Int

    init(lookahead: Int) {
        self.lookahead = lookahead
    }

    /// The next chunk's number and work, once it is within the lookahead of the writer; nil when
    /// the source has ended, failed, or the writer has stopped. A source error becomes the chunk.
    func claim(_ next: () throws -> FeatureStream.ChunkWork?) -> (Int, FeatureStream.ChunkWork)? {
        reading.lock()
        defer { reading.unlock() }
        condition.lock()
        let c = claimed
        while !cancelled && end == nil && c >= taken + lookahead { condition.wait() }
        let stop = cancelled || end != nil
        condition.unlock()
        if stop { return nil }
        do {
            guard let work = try next() else {
                finish(at: c, with: nil)
                return nil
            }
            claimed = c + 1
            return (c, work)
        } catch {
            finish(at: c, with: error)
            return nil
        }
    }

    private func finish(at c: Int, with error: (any Error)?) {
        condition.lock()
        if let error {
            ready[c] = .failure(error)
            end = c + 1
        } else {
            end = c
        }
        condition.broadcast()
        condition.unlock()
    }

    func put(chunk c: Int, _ result: Result<FeatureChunk, any Error>) {
        condition.lock()
        ready[c] = result
        condition.broadcast()
        condition.unlock()
    }

    /// Chunk `c` when it is made; nil past the last chunk.
    func take(chunk c: Int) -> Result<FeatureChunk, any Error>? {
        condition.lock()
        defer { condition.unlock() }
        while ready[c] == nil {
            if let end, c >= end { return nil }
            condition.wait()
        }
        taken = c + 1
        condition.broadcast()
        return ready.removeValue(forKey: c)!
    }

    /// Stops the producers (after an error, or when the writer is done).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
