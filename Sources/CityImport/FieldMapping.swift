import CityModel
import CityStore
import Foundation
import GeoIO

/// Which column of a file feeds each field of a layer, and which columns are kept as extra
/// attributes. Resolved once per file: `--map` overrides first, then each field's SCHEMA name,
/// then its aliases in order, names compared case-insensitively; a column feeds one field at most.
public struct FieldMapping: Sendable {
    public let schema: LayerSchema
    /// The column feeding each field of `schema.fields` (same order); nil when none does.
    public let columns: [String?]
    /// Columns that feed no field, kept under StoredFeature's `extra`.
    public let extraColumns: [String]
    /// Column name → slot: a field index, or -1 for an extra.
    private let slots: [String: Int]
    /// The columns as `available` listed them, and the slot of each: a shapefile's records carry
    /// their attributes in exactly this order, so a record is mapped by position, without hashing
    /// a name per value.
    private let order: [String]
    private let orderSlots: [Int]

    /// - Parameters:
    ///   - available: the file's columns, in file order.
    ///   - overrides: `FIELD=column` pairs from `--map` (FIELD is a SCHEMA name or an alias).
    /// - Throws: `badMapping` for an override naming an unknown field or column; `missingField`
    ///   for a required field no column feeds.
    public init(schema: LayerSchema, available: [String], overrides: [String: String] = [:], path: String) throws(CityImportError) {
        self.schema = schema
        var assigned = [String?](repeating: nil, count: schema.fields.count)
        var used = Set<String>()
        func column(named name: String) -> String? {
            available.first { $0 == name } ?? available.first { $0.caseInsensitiveCompare(name) == .orderedSame }
        }
        for (fieldName, columnName) in overrides.sorted(by: { $0.key < $1.key }) {
            let index = schema.fields.firstIndex { f in
                f.name.caseInsensitiveCompare(fieldName) == .orderedSame
                    || f.aliases.contains { $0.caseInsensitiveCompare(fieldName) == .orderedSame }
            }
            guard let index else {
                throw .badMapping(parameter: "\(fieldName)=\(columnName)",
                                  reason: "layer \(schema.layer.rawValue) has no field \(fieldName); its fields are "
                                      + schema.fields.map(\.name).joined(separator: ", "))
            }
            guard let found = column(named: columnName) else {
                throw .badMapping(parameter: "\(fieldName)=\(columnName)",
                                  reason: "\(path) has no column \(columnName); columns present: \(available.joined(separator: ", "))")
            }
            assigned[index] = found
            used.insert(found)
        }
        for (index, field) in schema.fields.enumerated() where assigned[index] == nil {
            for name in [field.name] + field.aliases {
                if let found = column(named: name), !used.contains(found) {
                    assigned[index] = found
                    used.insert(found)
                    break
                }
            }
        }
        for (index, field) in schema.fields.enumerated() where field.required && assigned[index] == nil {
            throw .missingField(path: path, layer: schema.layer, field: field.name, columns: available)
        }
        columns = assigned
        extraColumns = available.filter { !used.contains($0) }
        var slots: [String: Int] = [:]
        for (index, c) in assigned.enumerated() { if let c { slots[c] = index } }
        for c in extraColumns { slots[c] = -1 }
        self.slots = slots
        order = available
        orderSlots = available.map { slots[$0]! }
    }

    /// Parses `--map` arguments (`FIELD=column`, repeated).
    public static func overrides(_ arguments: [String]) throws(CityImportError) -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex, argument.index(after: eq) != argument.endIndex else {
                throw .badMapping(parameter: argument, reason: "expected FIELD=column")
            }
            result[String(argument[..<eq])] = String(argument[argument.index(after: eq)...])
        }
        return result
    }

    /// The record's field texts (in `schema.fields` order; nil for null or blank) and extras.
    func values(of feature: SourceFeature) -> (fields: [String?], extra: [String: String]) {
        var fields = [String?](repeating: nil, count: columns.count)
        var extra = [String: String](minimumCapacity: extraColumns.count)
        let attributes = feature.attributes
        let inOrder = attributes.count == order.count
        for (i, attribute) in attributes.enumerated() {
            guard let text = attribute.value.flatText else { continue }
            // Names from the reader share the storage of `order`'s, so `==` is a pointer check.
            let slot = inOrder && attribute.name == order[i] ? orderSlots[i] : slots[attribute.name]
            switch slot {
            case let slot? where slot >= 0: fields[slot] = text
            default: extra[attribute.name] = text
            }
        }
        return (fields, extra)
    }

    /// (SCHEMA name, column) pairs for reports.
    public var pairs: [(field: String, column: String?)] {
        zip(schema.fields, columns).map { ($0.name, $1) }
    }
}

extension DBFValue {
    /// The value as flat-file text: nil for null and blank text; whole doubles without ".0"
    /// (codes stored in numeric columns), dates as YYYY-MM-DD.
    var flatText: String? {
        switch self {
        case .null: return nil
        case .string(let s):
            let t = s.trimmingWhitespace()
            return t.isEmpty ? nil : t
        case .integer(let i): return String(i)
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
            return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .date: return description
        }
    }
}
