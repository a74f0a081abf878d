import CityModel
import CityStore
import Foundation
import GeoIO

/// A layer file read and built, ready to go into a `WriteBatch`: its entities (with the extra
/// columns of each), the side-table rows, and the report.
public struct LayerContents {
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
    /// is validated again afterwards, so a step cannot store an inconsistent entity. Entities are
    /// attributed in place on all cores, in contiguous ranges (a second array of every entity was
    /// a third of a large import's peak memory); the error reported is the first in record order,
    /// as a serial loop would report it.
    public mutating func attribute(_ step: AttributionStep, view: CityView) throws(CityImportError) {
        guard let first = entities.first, Self.applies(step, to: first) else { return }
        let failures = entities.withUnsafeMutableBufferPointer { buffer in
            // Each range writes only its own elements.
            nonisolated(unsafe) let buffer = buffer
            return ParallelRanges.map(count: buffer.count, minimumRange: 1024) { range -> (index: Int, reason: String)? in
                for i in range {
                    do {
                        buffer[i] = try Self.attributed(buffer[i], step: step, view: view)
                    } catch {
                        return (i, "\(error)")
                    }
                }
                return nil
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first {
            throw .badRecord(path: path, record: records[failure.index], field: "attribution", reason: failure.reason)
        }
    }

    static func applies(_ step: AttributionStep, to entity: LayerEntity) -> Bool {
        switch entity {
        case .storefront: step.storefront != nil
        case .structure: step.structure != nil
        case .violationCase: step.violationCase != nil
        case .officer: step.officer != nil
        default: false
        }
    }

    static func attributed(_ entity: LayerEntity, step: AttributionStep, view: CityView) throws -> LayerEntity {
        var result = entity
        switch entity {
        case .storefront(var e):
            try step.storefront?(&e, view)
            result = .storefront(e)
        case .structure(var e):
            try step.structure?(&e, view)
            result = .structure(e)
        case .violationCase(var e):
            try step.violationCase?(&e, view)
            result = .violationCase(e)
        case .officer(var e):
            try step.officer?(&e, view)
            result = .officer(e)
        default:
            return entity
        }
        try result.validate()
        return result
    }

    /// The stored form of every entity, encoded on all cores: for the attribution staging store,
    /// which takes the zone layers whole (the commit itself streams them, `add(to:)`).
    public func storedFeatures() throws(CityImportError) -> [StoredFeature] {
        let entities = self.entities, extras = self.extras
        let parts = ParallelRanges.map(count: entities.count, minimumRange: 4096) { range in
            Result { try range.map { try entities[$0].stored(extra: extras[$0]) } }
        }
        var all: [StoredFeature] = []
        all.reserveCapacity(entities.count)
        for part in parts {
            switch part {
            case .success(let features): all += features
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
