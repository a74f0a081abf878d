import CityModel
import CityStore
import Foundation
import GeoIO

/// One layer file imported straight into the store's transaction: records are read in order,
/// built, attributed and encoded a chunk at a time on the other cores while the writer inserts
/// the chunks before them. Memory holds a few chunks however large the file; reading the layer
/// whole first (`LayerFileReader.read`) held every entity until the commit, 1.6 GB for a million
/// shops. Grid cells need their whole layer (overlaps, numbering) and are read whole.
///
/// The import is still all or nothing: the first bad record in record order, invalid geometries
/// (all of them listed), a duplicate id or a side-table row without its entity roll it back.
public struct StreamingImport {
    public let importer: LayerFileReader

    public init(importer: LayerFileReader) {
        self.importer = importer
    }

    public static func supports(_ layer: Layer) -> Bool { layer != .grids }

    /// Records per chunk: the writer's lookahead keeps a few chunks in flight.
    static let chunkSize = 4096

    /// Imports `path` as `layer` in one transaction and returns its report. `asLastWrite`: the
    /// caller is done with `store` afterwards (`CityStore.commitAsLastWrite`). `author`: the audit
    /// line the same transaction records.
    public func run(layer: Layer, path: String, into store: CityStore, attribution: AttributionStep?, asLastWrite: Bool = false,
                    by author: ImportAuthor? = nil, progress: (any ImportProgress)? = nil) throws(CityImportError) -> ImportReport {
        var staging: CityStore?
        if let attribution, attribution.layers.contains(layer) {
            staging = try AttributionStaging.staging([], store: store, step: attribution)
        }
        let layerStream = try stream(layer: layer, path: path, attribution: attribution, view: staging?.read { $0 }, progress: progress)
        var batch = WriteBatch()
        layerStream.add(to: &batch)
        if let author { batch.record(author.entry(layer, path: path)) }
        try withExtendedLifetime(staging) { () throws(CityImportError) in
            try commit(batch, of: [layerStream], into: store, asLastWrite: asLastWrite)
        }
        return layerStream.report!
    }

    /// One layer file as a stream for a batch of the caller's, attributed against `view` (whose
    /// store must outlive the commit). Its report is there once the commit has succeeded.
    func stream(layer: Layer, path: String, attribution: AttributionStep?, view: CityView?,
                progress: (any ImportProgress)?) throws(CityImportError) -> LayerStream {
        precondition(Self.supports(layer) && !importer.options.dryRun, "a streaming import writes; grids and dry runs read the layer whole")
        let scan = try ChunkedLayerRead(path: path, layer: layer, options: importer.options, provider: importer.provider,
                                 chunkSize: min(importer.options.chunkSize, Self.chunkSize))
        let sideTable = try SideTables(path: path, layer: layer).prepared()
        let step = attribution.flatMap { $0.layers.contains(layer) && view != nil ? $0 : nil }
        let maker = ChunkMaker(scan: scan, step: step, view: view, sideTable: sideTable)
        let ledger = Ledger(scan: scan, sideTable: sideTable, progress: progress)
        let stream = FeatureStream(layer: layer, count: scan.file.expectedCount, next: {
            guard let chunk = try scan.nextChunk() else { return nil }
            return {
                var made = maker.make(chunk)
                let scanned = made.scanned, matched = made.matched
                let rows = (made.chunk.dossierRecords.count, made.chunk.transitions.count)
                made.chunk.accept = { try ledger.accept(scanned, matched: matched, dossierRecords: rows.0, transitions: rows.1) }
                return made.chunk
            }
        }, finish: { try ledger.finish() })
        return LayerStream(layer: layer, path: path, stream: stream, ledger: ledger, progress: progress)
    }

    /// Commits a batch holding `streams`, with a duplicate id named by its two records.
    func commit(_ batch: WriteBatch, of streams: [LayerStream], into store: CityStore, asLastWrite: Bool) throws(CityImportError) {
        // A failed import clears its progress bars too, so the error starts a line of its own.
        defer { for s in streams where s.report == nil { s.progress?.finish(records: 0) } }
        do {
            if asLastWrite { try store.commitAsLastWrite(batch) } else { try store.commit(batch) }
        } catch let error as CityImportError {
            throw error
        } catch StoreError.duplicateID(let layer, let id) {
            guard let s = streams.first(where: { $0.layer == layer }) else { throw .store(reason: "\(StoreError.duplicateID(layer: layer, id: id))") }
            throw duplicate(id, layer: layer, path: s.path)
        } catch {
            throw .store(reason: "\(error)")
        }
    }

    /// The two records that share `id`, found by reading the file again (the store caught the
    /// duplicate; holding every id to name the first record would grow with the file).
    private func duplicate(_ id: String, layer: Layer, path: String) -> CityImportError {
        var records: [Int] = []
        if let scan = try? ChunkedLayerRead(path: path, layer: layer, options: importer.options, provider: importer.provider) {
            while records.count < 2, let chunk = try? scan.nextChunk() {
                let scanned = scan.process(chunk, minimumRange: importer.options.recordsPerTask)
                for (outcome, record) in zip(scanned.outcomes.joined(), scanned.records) {
                    if case .built(let entity, _) = outcome.product, entity.id == id { records.append(record) }
                }
            }
        }
        guard records.count >= 2 else { return .store(reason: "\(layer.rawValue) id \(id) occurs more than once in \(path)") }
        return .duplicateID(path: path, record: records[1], layer: layer, id: id, firstRecord: records[0])
    }
}

/// A layer file streamed into a batch, and its report once the batch is committed.
struct LayerStream {
    let layer: Layer
    let path: String
    let stream: FeatureStream
    fileprivate let ledger: Ledger
    let progress: (any ImportProgress)?

    var report: ImportReport? { ledger.report }

    /// Replaces the layer with the stream's features, their side rows following each chunk.
    func add(to batch: inout WriteBatch) {
        batch.replaceLayer(layer, source: path)
        batch.insert(stream)
    }
}

/// The work of one chunk, on a producer's thread: build, attribute, apply the side table, encode.
/// A record that fails here is marked failed, so the in-order merge reports the first one.
private struct ChunkMaker: @unchecked Sendable {
    let scan: ChunkedLayerRead
    let step: AttributionStep?
    /// The staging store's zones (nothing writes them during the import).
    let view: CityView?
    let sideTable: PreparedSideTable?

    struct Made {
        var chunk: FeatureChunk
        var scanned: ScannedChunk
        /// Ids the side table had rows for.
        var matched: [String]
    }

    func make(_ records: [SourceFeature]) -> Made {
        // One range, on this thread: the other producers and the writer keep the other cores busy.
        var scanned = scan.process(records, minimumRange: .max)
        var chunk = FeatureChunk(features: [])
        chunk.features.reserveCapacity(records.count)
        var matched: [String] = []
        var k = 0
        for p in scanned.outcomes.indices {
            for i in scanned.outcomes[p].indices {
                let record = scanned.records[k]
                k += 1
                guard case .built(var entity, let extra) = scanned.outcomes[p][i].product else { continue }
                do throws(CityImportError) {
                    if let step, let view, LayerContents.applies(step, to: entity) {
                        do { entity = try LayerContents.attributed(entity, step: step, view: view) } catch {
                            throw .badRecord(path: scan.path, record: record, field: "attribution", reason: "\(error)")
                        }
                    }
                    if let sideTable {
                        let rows = try sideTable.apply(to: &entity)
                        if rows.matched { matched.append(entity.id) }
                        chunk.dossierRecords += rows.dossierRecords
                        chunk.transitions += rows.transitions
                    }
                    do { chunk.features.append(try entity.stored(extra: extra)) } catch {
                        throw .store(reason: "encoding record \(record) of \(scan.path): \(error)")
                    }
                    // Done with: the entity lives on as its stored form only.
                    scanned.outcomes[p][i].product = .none
                } catch {
                    scanned.outcomes[p][i].product = .failed(error)
                }
            }
        }
        return Made(chunk: chunk, scanned: scanned, matched: matched)
    }
}

/// What depends on record order, kept on the writer's thread: the report, the ids the side table
/// matched, the progress bar.
private final class Ledger: @unchecked Sendable {
    let scan: ChunkedLayerRead
    let sideTable: PreparedSideTable?
    let progress: (any ImportProgress)?
    private var matched = Set<String>()
    private var dossierRecords = 0
    private var transitions = 0
    private(set) var report: ImportReport?

    init(scan: ChunkedLayerRead, sideTable: PreparedSideTable?, progress: (any ImportProgress)?) {
        self.scan = scan
        self.sideTable = sideTable
        self.progress = progress
    }

    func accept(_ scanned: ScannedChunk, matched ids: [String], dossierRecords d: Int, transitions t: Int) throws {
        var scanned = scanned
        var uncoded: [GridNumberingStep.Pending] = []
        try scan.merge(&scanned, uncoded: &uncoded) { _, _, _ in }
        matched.formUnion(ids)
        dossierRecords += d
        transitions += t
        progress?.advance(records: scan.report.features, total: scan.file.expectedCount)
    }

    func finish() throws {
        var report = scan.finishedReport()
        report.dossierRecords = dossierRecords
        report.caseTransitions = transitions
        progress?.finish(records: report.features)
        self.report = report
        if !report.invalid.isEmpty { throw CityImportError.invalidGeometries(path: scan.path, records: report.invalid) }
        if let error = sideTable?.unmatched(matched) { throw error }
    }
}
