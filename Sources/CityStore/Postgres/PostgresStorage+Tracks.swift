import CityModel
import Foundation
import PQKit

/// Officers' tracks on PostgreSQL (migration 4), read back as on SQLite.
extension PostgresStorage {
    public func track(officerID: String, from: Date?, to: Date?, limit: Int) throws -> [OfficerFixRow] {
        try translating {
            try readers.read { c in
                let rows = try c.execute("""
                    SELECT (extract(epoch FROM at) * 1000)::bigint, x, y, accuracy, speed FROM officer_fix
                    WHERE officer_id = $1 AND ($2::timestamptz IS NULL OR at >= $2::timestamptz)
                      AND ($3::timestamptz IS NULL OR at < $3::timestamptz)
                    ORDER BY at, id LIMIT $4
                    """, [.text(officerID), from.map { .text(StoredTime.text($0)) }, to.map { .text(StoredTime.text($0)) },
                          .int(Int64(limit))])
                return try (0..<rows.rowCount).map { r in
                    OfficerFixRow(officerID: officerID, at: StoredTime.date(milliseconds: try rows.int64(r, 0)!),
                                  x: try rows.double(r, 1)!, y: try rows.double(r, 2)!,
                                  accuracyMeters: try rows.double(r, 3), speedMetersPerSecond: try rows.double(r, 4))
                }
            }
        }
    }
}
