import Foundation
import GeoCore

/// Speeds per travel mode and road class, read from `Resources/speeds.json` or any JSON of the
/// same shape: `{"default": {"foot": km/h, ...}, "classes": {"primary": {"foot": ..., ...}}}`.
public struct SpeedTable: Sendable, Equatable {
    /// km/h per class per mode; 0 means forbidden.
    public private(set) var classes: [String: [TravelMode: Double]]
    public private(set) var defaults: [TravelMode: Double]

    public init(classes: [String: [TravelMode: Double]], defaults: [TravelMode: Double]) {
        self.classes = classes
        self.defaults = defaults
    }

    /// Reads the table from JSON bytes; `source` names the origin in errors.
    public init(data: Data, source: String = "data") throws {
        let root: JSONObject
        do {
            guard case .object(let o) = try JSONValue(parsing: [UInt8](data)) else {
                throw PatrolError.speedTable(source: source, reason: "top level is not an object")
            }
            root = o
        } catch let error as GeoCoreError {
            throw PatrolError.speedTable(source: source, reason: "not JSON: \(error)")
        }
        func speeds(_ value: JSONValue?, field: String) throws -> [TravelMode: Double] {
            guard case .object(let members)? = value else {
                throw PatrolError.speedTable(source: source, reason: "\(field) is not an object")
            }
            var out: [TravelMode: Double] = [:]
            for (key, value) in members {
                guard let mode = TravelMode(rawValue: key) else {
                    throw PatrolError.speedTable(source: source, reason: "\(field).\(key) is not a travel mode")
                }
                guard let number = value.doubleValue, number >= 0, number.isFinite else {
                    throw PatrolError.speedTable(source: source, reason: "\(field).\(key) is not a speed >= 0")
                }
                out[mode] = number
            }
            return out
        }
        let defaults = try speeds(root["default"], field: "default")
        guard case .object(let classMembers)? = root["classes"] else {
            throw PatrolError.speedTable(source: source, reason: "classes is missing or not an object")
        }
        var classes: [String: [TravelMode: Double]] = [:]
        for (name, value) in classMembers { classes[name] = try speeds(value, field: "classes.\(name)") }
        self.init(classes: classes, defaults: defaults)
    }

    /// The table bundled with Patrol.
    public static func bundled() throws -> SpeedTable {
        guard let url = Bundle.module.url(forResource: "speeds", withExtension: "json") else {
            throw PatrolError.speedTable(source: "Patrol bundle", reason: "speeds.json not found")
        }
        do { return try SpeedTable(data: Data(contentsOf: url), source: url.path) } catch let e as PatrolError {
            throw e
        } catch {
            throw PatrolError.speedTable(source: url.path, reason: error.localizedDescription)
        }
    }

    /// Metres per second for a mode on a class; 0 when the mode may not use it.
    public func metersPerSecond(_ mode: TravelMode, roadClass: String) -> Double {
        let kmh = classes[roadClass]?[mode] ?? defaults[mode] ?? 0
        return kmh / 3.6
    }
}
