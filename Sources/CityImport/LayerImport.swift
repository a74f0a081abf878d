import CityModel
import CityStore
import Foundation

/// A layer file read and built, ready to go into a `WriteBatch`: its entities (with the extra
/// columns of each), the side-table rows, and the report.
public struct LayerImport {
    /// nil for a dry run without a layer.
    public let layer: Layer?
    public let path: String
    public internal(set) var entities: [LayerEntity] = []
    /// The unmapped columns of each entity's record, same order as `entities`.
    public internal(set) var extras: [[String: String]] = []
    /// The record number of each entity, same order.
    public internal(set) var records: [Int] = []
    public internal(set) var dossierRecords: [DossierRecordRow] = []
    public internal(set) var transitions: [CaseTransitionRow] = []
    public internal(set) var report: ImportReport

    init(layer: Layer?, path: String, report: ImportReport) {
        self.layer = layer
        self.path = path
        self.report = report
    }

    /// Runs the attribution step on the storefronts, structures or cases of this layer; the entity
    /// is validated again afterwards, so a step cannot store an inconsistent entity.
    public mutating func attribute(_ step: AttributionStep, view: CityView) throws(CityImportError) {
        for i in entities.indices {
            do {
                switch entities[i] {
                case .storefront(var e):
                    guard let f = step.storefront else { return }
                    try f(&e, view)
                    entities[i] = .storefront(e)
                case .structure(var e):
                    guard let f = step.structure else { return }
                    try f(&e, view)
                    entities[i] = .structure(e)
                case .violationCase(var e):
                    guard let f = step.violationCase else { return }
                    try f(&e, view)
                    entities[i] = .violationCase(e)
                default:
                    return
                }
                try entities[i].validate()
            } catch {
                throw .badRecord(path: path, record: records[i], field: "attribution", reason: "\(error)")
            }
        }
    }

    /// The stored form of every entity, encoded on all cores: for the attribution staging store,
    /// which takes the zone layers whole (the commit itself streams them, `add(to:)`).
    public func storedFeatures() throws(CityImportError) -> [StoredFeature] {
        let n = entities.count
        guard n > 0 else { return [] }
        let chunks = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount * 4, n / 4096))
        let box = ResultBox(count: chunks)
        let entities = self.entities, extras = self.extras
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = n * c / chunks, hi = n * (c + 1) / chunks
            var out: [StoredFeature] = []
            out.reserveCapacity(hi - lo)
            do {
                for i in lo..<hi { out.append(try entities[i].stored(extra: extras[i])) }
                box.set(c, .success(out))
            } catch {
                box.set(c, .failure(error))
            }
        }
        var all: [StoredFeature] = []
        all.reserveCapacity(n)
        for c in 0..<chunks {
            switch box.results[c]! {
            case .success(let part): all += part
            case .failure(let error): throw .store(reason: "encoding an entity of \(path): \(error)")
            }
        }
        return all
    }

    /// Adds the layer to `batch`: replace the layer, insert every entity, then the side-table rows.
    public func add(to batch: inout WriteBatch) throws(CityImportError) {
        guard let layer else { throw .badArgument(parameter: "layer", reason: "a dry run without a layer cannot be committed") }
        batch.replaceLayer(layer, source: path)
        // Encoded while the writer inserts (FeatureStream), not all before it.
        let entities = self.entities, extras = self.extras
        batch.insert(FeatureStream(layer: layer, count: entities.count) { i in try entities[i].stored(extra: extras[i]) })
        for row in dossierRecords { batch.append(row) }
        for row in transitions { batch.append(row) }
    }
}

/// Per-chunk results written from `concurrentPerform`'s threads, each to its own slot.
private final class ResultBox: @unchecked Sendable {
    var results: [Result<[StoredFeature], any Error>?]
    private let lock = NSLock()
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<[StoredFeature], any Error>) {
        lock.lock()
        results[i] = r
        lock.unlock()
    }
}
