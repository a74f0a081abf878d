import GRDB

/// The feature INSERT of a bulk load, in the column order of `StoredFeature.arguments`.
struct FeatureRowBinder {
    let insert: DirectStatement

    init(statement: Statement) { insert = DirectStatement(statement: statement) }

    func insert(_ feature: StoredFeature, _ row: StorageRow, updatedAt: String, in db: Database) throws {
        insert.reset()
        insert.bind(1, feature.layer.rawValue)
        insert.bind(2, feature.id)
        insert.bind(3, row.wkb)
        let e = row.envelope
        insert.bind(4, e.isEmpty ? nil : e.minX)
        insert.bind(5, e.isEmpty ? nil : e.minY)
        insert.bind(6, e.isEmpty ? nil : e.maxX)
        insert.bind(7, e.isEmpty ? nil : e.maxY)
        insert.bind(8, row.properties)
        insert.bind(9, feature.category)
        insert.bind(10, feature.status)
        insert.bind(11, Int64(feature.zoneVersion))
        insert.bind(12, updatedAt)
        try insert.step(in: db)
    }
}
