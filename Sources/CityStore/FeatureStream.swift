import Foundation

/// Many features made on demand, for an import: `make(i)` builds feature `i` (encoding it is most
/// of an import's work). The writer inserts chunk after chunk while the next chunks are made on
/// the other cores, and no more than a few chunks are ever held, so a million-feature import
/// neither waits for all encoding first nor holds every encoded feature at once.
public struct FeatureStream: Sendable {
    public let layer: Layer
    public let count: Int
    let make: @Sendable (Int) throws -> StoredFeature

    public init(layer: Layer, count: Int, make: @escaping @Sendable (Int) throws -> StoredFeature) {
        self.layer = layer
        self.count = count
        self.make = make
    }

    static let chunkSize = 4096
    /// Chunks made ahead of the writer.
    static let lookahead = 4

    /// Calls `body` with every feature in order (each prepared for the commit), from the calling
    /// thread; the features are made ahead on other threads. The first error, from `make` or from
    /// `body`, stops both and is thrown.
    func forEach(_ body: (StoredFeature) throws -> Void) throws {
        let chunks = (count + Self.chunkSize - 1) / Self.chunkSize
        guard chunks > 0 else { return }
        let pipe = ChunkPipe(chunks: chunks, lookahead: Self.lookahead)
        let make = self.make, count = self.count
        // One producer per core but one, which the writer keeps (measured: a producer on every
        // core made a 200,000-shop import slower, not faster).
        let producers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        // Threads of their own, not the global queue: a busy global queue (a server's readers, a
        // test's) could leave a producer never started and the writer waiting for it forever.
        for p in 0..<producers {
            Thread {
                var c = p
                while c < chunks, pipe.waitForRoom(chunk: c) {
                    let lo = c * Self.chunkSize, hi = min(count, lo + Self.chunkSize)
                    do {
                        var out: [StoredFeature] = []
                        out.reserveCapacity(hi - lo)
                        for i in lo..<hi {
                            let f = try make(i)
                            try f.prepareForCommit()
                            out.append(f)
                        }
                        pipe.put(chunk: c, .success(out))
                    } catch {
                        pipe.put(chunk: c, .failure(error))
                    }
                    c += producers
                }
            }.start()
        }
        defer { pipe.cancel() }
        for c in 0..<chunks {
            for feature in try pipe.take(chunk: c).get() { try body(feature) }
        }
    }
}

/// Chunks handed from the producers to the writer in order, at most `lookahead` ahead.
private final class ChunkPipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: Result<[StoredFeature], any Error>] = [:]
    private var taken = 0
    private var cancelled = false
    private let lookahead: Int

    init(chunks: Int, lookahead: Int) {
        self.lookahead = lookahead
    }

    /// Blocks until chunk `c` is within the lookahead of the writer; false once cancelled.
    func waitForRoom(chunk c: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && c >= taken + lookahead { condition.wait() }
        return !cancelled
    }

    func put(chunk c: Int, _ result: Result<[StoredFeature], any Error>) {
        condition.lock()
        ready[c] = result
        condition.broadcast()
        condition.unlock()
    }

    func take(chunk c: Int) -> Result<[StoredFeature], any Error> {
        condition.lock()
        defer { condition.unlock() }
        while ready[c] == nil { condition.wait() }
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
