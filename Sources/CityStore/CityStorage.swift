import CityModel

/// Where the store keeps its data. SQLite (`CityDatabase`) is the embedded default; a deployment
/// that outgrows one machine adds a PostgreSQL implementation of this protocol, and nothing above
/// `CityStore` changes.
///
/// The contract: `commit` applies a whole batch in one transaction, or throws having applied
/// none of it, and says what memory must do afterwards; the reads see only committed data.
public protocol CityStorage: Sendable {
    /// A path or connection name, for messages.
    var location: String { get }
    /// Every feature of every layer with its row id (the id the in-memory R-tree knows it by).
    /// Attributes may be left to be read on first use (`FeatureBody`).
    func loadFeatures() throws -> [Layer: [(Int64, StoredFeature)]]
    /// The same for some layers only.
    func loadFeatures(layers: Set<Layer>) throws -> [Layer: [(Int64, StoredFeature)]]
    /// Every attribute object of a layer with its row id, for reading them all before the layer
    /// is replaced.
    func forEachProperties(of layer: Layer, _ body: (Int64, [UInt8]) throws -> Void) throws
    /// Applies a batch as one transaction.
    func commit(_ batch: WriteBatch) throws -> [StoredChange]
    /// Applies a batch as one transaction for a caller that will not read memory again: what
    /// memory would have to do is not worked out.
    func commitForgettingChanges(_ batch: WriteBatch) throws
    func transitions(caseID: String) throws -> [CaseTransitionRow]
    func transitionCount() throws -> Int
    func dossier(layer: Layer, entityID: String) throws -> [DossierRecordRow]
    func search(_ text: String, layer: Layer?, limit: Int) throws -> [(layer: Layer, id: String)]
    func storedCount(_ layer: Layer) throws -> Int
    /// The id of the last import run (0 for none): zone versions are import-run ids.
    func lastImportRun() throws -> Int
}

/// What a committed batch did to one feature, for the in-memory layers to follow.
public enum StoredChange: Sendable {
    case put(Int64, StoredFeature)
    case remove(Layer, Int64)
}

extension CityStorage {
    public func loadFeatures(layers: Set<Layer>) throws -> [Layer: [(Int64, StoredFeature)]] {
        try loadFeatures().filter { layers.contains($0.key) }
    }

    public func commitForgettingChanges(_ batch: WriteBatch) throws { _ = try commit(batch) }
}
