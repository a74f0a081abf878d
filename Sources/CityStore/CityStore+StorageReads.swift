import CityModel
import Foundation

/// What the store reads from its storage rather than from memory: the audit trail, dossier rows,
/// counts, the search index and the import runs.
extension CityStore {
    public func transitions(caseID: String) throws -> [CaseTransitionRow] { try storage.transitions(caseID: caseID) }
    public func transitionCount() throws -> Int { try storage.transitionCount() }
    public func storedCount(_ layer: Layer) throws -> Int { try storage.storedCount(layer) }
    public func dossier(layer: Layer, entityID: String) throws -> [DossierRecordRow] { try storage.dossier(layer: layer, entityID: entityID) }
    public func search(_ text: String, layer: Layer? = nil, limit: Int = 50) throws -> [(layer: Layer, id: String)] {
        try storage.search(text, layer: layer, limit: limit)
    }
    public func lastImportRun() throws -> Int { try storage.lastImportRun() }
    public func track(officerID: String, from: Date? = nil, to: Date? = nil, limit: Int = 100_000) throws -> [OfficerFixRow] {
        try storage.track(officerID: officerID, from: from, to: to, limit: limit)
    }
}
