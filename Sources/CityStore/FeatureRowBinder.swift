import GRDB

/// The feature INSERT of a bulk load, in the column order of `StoredFeature.arguments`.
struct FeatureRowBinder {
    let insert: DirectStatement

    init(statement: Statement) { insert = DirectStatement(statement: statement) }

    func insert(_ feature: StoredFeature, _ row: StorageRow, updatedAt: String, in db: Database) throws {
        insert.reset()
        try insert.bind(1, feature.layer.rawValue)
        try insert.bind(2, feature.id)
        try insert.bind(3, row.wkb)
        let e = row.envelope
        try insert.bind(4, e.isEmpty ? nil : e.minX)
        try insert.bind(5, e.isEmpty ? nil : e.minY)
        try insert.bind(6, e.isEmpty ? nil : e.maxX)
        try insert.bind(7, e.isEmpty ? nil : e.maxY)
        try insert.bind(8, row.properties)
        try insert.bind(9, feature.category)
        try insert.bind(10, feature.status)
        try insert.bind(11, Int64(feature.zoneVersion))
        try insert.bind(12, updatedAt)
        try insert.step(in: db)
    }
}
