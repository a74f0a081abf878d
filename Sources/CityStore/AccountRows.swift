import CityModel
import Foundation
import GeoCore

/// How both storages spell an account's roles and areas in their columns, and read them back:
/// the roles' names sorted and joined by commas, the areas as a JSON array of their printed
/// forms (`cells:…` holds commas). A row that does not read back is named by its id.
enum AccountRows {
    static func roles(_ roles: Set<Role>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }

    static func areas(_ areas: [AreaScope]) -> String {
        JSONValue.array(areas.map { .string($0.description) }).jsonString
    }

    static func account(id: String, name: String, unit: String, roles: String, areas: String, createdAt: Date?,
                        disabledAt: Date?, location: String) throws -> Account {
        func corrupt(_ reason: String) -> StoreError {
            .database(path: location, reason: "account \(id) cannot be read: \(reason)")
        }
        var parsedRoles: Set<Role> = []
        for name in roles.split(separator: ",") {
            guard let role = Role(rawValue: String(name)) else { throw corrupt("unknown role \(name)") }
            parsedRoles.insert(role)
        }
        guard let createdAt else { throw corrupt("created_at is not an instant") }
        let texts: [String]
        do {
            texts = try JSONValue(parsing: areas).arrayValue?.compactMap(\.stringValue) ?? []
        } catch {
            throw corrupt("areas: \(error)")
        }
        var parsedAreas: [AreaScope] = []
        for text in texts {
            do { parsedAreas.append(try AreaScope(parsing: text)) } catch { throw corrupt("\(error)") }
        }
        return Account(id: id, name: name, unit: unit, roles: parsedRoles, areas: parsedAreas, createdAt: createdAt, disabledAt: disabledAt)
    }

    static func action(_ text: String, sequence: Int64, location: String) throws -> AuditAction {
        guard let action = AuditAction(rawValue: text) else {
            throw StoreError.database(path: location, reason: "audit line \(sequence) has an unknown action \(text)")
        }
        return action
    }

    /// An instant a row must have.
    static func required(_ date: Date?, _ column: String, of id: String, location: String) throws -> Date {
        guard let date else { throw StoreError.database(path: location, reason: "\(id): \(column) is not an instant") }
        return date
    }
}
