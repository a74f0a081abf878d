import CityModel
import Foundation
import GRDB

/// Officers' tracks (migration v8): the fixes of one officer in time order.
extension CityDatabase {
    public func track(officerID: String, from: Date?, to: Date?, limit: Int) throws -> [OfficerFixRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT at, x, y, accuracy, speed FROM officerFix
                WHERE officerID = ? AND (? IS NULL OR at >= ?) AND (? IS NULL OR at < ?)
                ORDER BY at, id LIMIT ?
                """, arguments: [officerID, from.map(StoredTime.text), from.map(StoredTime.text),
                                 to.map(StoredTime.text), to.map(StoredTime.text), limit]).map { row in
                OfficerFixRow(officerID: officerID, at: StoredTime.date(text: row["at"]) ?? .distantPast, x: row["x"], y: row["y"],
                              accuracyMeters: row["accuracy"], speedMetersPerSecond: row["speed"])
            }
        }
    }
}
