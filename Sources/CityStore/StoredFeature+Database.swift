import Foundation
import GeoCore
import GRDB

/// What a feature's row holds beyond its plain fields, computed once per version: its WKB, its
/// envelope and its search text. An import computes these on all cores (`prepareForCommit`)
/// before the one writer thread inserts the rows.
struct StorageRow: Sendable {
    var wkb: Data?
    var envelope: Envelope
    var properties: String
    var searchText: String
}

extension StoredFeature {
    /// Computes the row a commit will write, so that the writer only binds it. Optional: a commit
    /// computes what was not prepared.
    public func prepareForCommit() throws {
        let row = try makeStorageRow()
        _ = memo(Self.storageRowKey) { row }
    }

    private static let storageRowKey = "CityStore.StorageRow"

    /// The prepared row (taken, so memory does not keep it after the commit) or a new one.
    func takeStorageRow() throws -> StorageRow {
        if let row = body.takeMemo(Self.storageRowKey, as: StorageRow.self) { return row }
        return try makeStorageRow()
    }

    private func makeStorageRow() throws -> StorageRow {
        if let geometry, !geometry.allPoints.allSatisfy(\.isFinite) {
            throw StoreError.nonFiniteGeometry(layer: layer, id: id)
        }
        return StorageRow(wkb: geometry.map { Data($0.wkb()) }, envelope: envelope,
                          properties: String(decoding: properties, as: UTF8.self), searchText: searchText)
    }

    /// The statement arguments for an insert or update, in the INSERT's column order.
    func arguments(_ row: StorageRow, updatedAt: String) -> StatementArguments {
        let e = row.envelope
        return [layer.rawValue, id, row.wkb,
                e.isEmpty ? nil : e.minX, e.isEmpty ? nil : e.minY,
                e.isEmpty ? nil : e.maxX, e.isEmpty ? nil : e.maxY,
                row.properties, category, status, zoneVersion, updatedAt]
    }
}
