import CityModel
import Foundation
import GeoCore

/// CQL2 JSON (OGC 21-065 clause 9): `{"op": "and", "args": [...]}`, operands `{"property": …}`,
/// strings, numbers, booleans, `{"timestamp": …}`, `{"date": …}`, GeoJSON geometries and
/// `{"bbox": [...]}`. Errors name the JSON path (`args[1].args[0]`).
public enum CQL2JSONParser {
    public static func parse(_ text: String, toWorking: @escaping (Geometry) throws -> Geometry) throws(CQL2Error) -> CQL2Expression {
        let value: JSONValue
        do { value = try JSONValue(parsing: text) } catch { throw CQL2Error(position: "the text", reason: "not JSON: \(error)") }
        return try expression(value, "filter", toWorking)
    }

    static func expression(_ v: JSONValue, _ path: String, _ toWorking: (Geometry) throws -> Geometry) throws(CQL2Error) -> CQL2Expression {
        if let b = v.boolValue { return .literal(b) }
        guard let o = v.objectValue, let op = o["op"]?.stringValue else {
            throw CQL2Error(position: path, reason: "expected {\"op\": …, \"args\": […]} or true/false")
        }
        guard let args = o["args"]?.arrayValue else { throw CQL2Error(position: path + ".args", reason: "expected an array") }
        func count(_ n: Int) throws(CQL2Error) {
            guard args.count == n else { throw CQL2Error(position: path + ".args", reason: "\(op) takes \(n) arguments, found \(args.count)") }
        }
        func operand(_ k: Int) throws(CQL2Error) -> CQL2Operand { try Self.operand(args[k], "\(path).args[\(k)]") }
        switch op.lowercased() {
        case "and", "or":
            guard args.count >= 2 else { throw CQL2Error(position: path + ".args", reason: "\(op) takes at least 2 arguments") }
            var list: [CQL2Expression] = []
            for (k, a) in args.enumerated() { list.append(try expression(a, "\(path).args[\(k)]", toWorking)) }
            return op.lowercased() == "and" ? .and(list) : .or(list)
        case "not":
            try count(1)
            return .not(try expression(args[0], "\(path).args[0]", toWorking))
        case "=", "<>", "<", "<=", ">", ">=":
            try count(2)
            return .comparison(CQL2Comparison(rawValue: op)!, try operand(0), try operand(1))
        case "t_before", "t_after", "t_equals":
            try count(2)
            return .comparison(op.lowercased() == "t_before" ? .lt : op.lowercased() == "t_after" ? .gt : .eq, try operand(0), try operand(1))
        case "like":
            try count(2)
            guard let pattern = args[1].stringValue else { throw CQL2Error(position: "\(path).args[1]", reason: "expected the pattern as a string") }
            return .like(try operand(0), pattern: pattern, negated: false)
        case "in":
            try count(2)
            guard let list = args[1].arrayValue, !list.isEmpty else { throw CQL2Error(position: "\(path).args[1]", reason: "expected a non-empty array") }
            var items: [CQL2Operand] = []
            for (k, item) in list.enumerated() { items.append(try Self.operand(item, "\(path).args[1][\(k)]")) }
            return .isIn(try operand(0), items, negated: false)
        case "between":
            try count(3)
            return .between(try operand(0), try operand(1), try operand(2), negated: false)
        case "isnull":
            try count(1)
            return .isNull(try operand(0), negated: false)
        default:
            guard let spatial = CQL2Spatial(rawValue: op.lowercased()) else {
                throw CQL2Error(position: path + ".op", reason: "'\(op)' is not offered")
            }
            try count(spatial == .dwithin ? 3 : 2)
            guard case .property(let property) = try operand(0) else {
                throw CQL2Error(position: "\(path).args[0]", reason: "expected {\"property\": …}")
            }
            var geometry: Geometry
            if let box = args[1]["bbox"]?.arrayValue?.compactMap(\.doubleValue), box.count == 4 {
                geometry = .polygon(Polygon(rectangle: Envelope(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3])))
            } else {
                do { geometry = try Geometry(geoJSON: args[1]) } catch {
                    throw CQL2Error(position: "\(path).args[1]", reason: "expected a GeoJSON geometry or {\"bbox\": […]}: \(error)")
                }
            }
            do { geometry = try toWorking(geometry) } catch {
                throw CQL2Error(position: "\(path).args[1]", reason: "the geometry cannot be taken to the working CRS: \(error)")
            }
            var distance: Double?
            if spatial == .dwithin {
                guard let d = args[2].doubleValue, d >= 0 else { throw CQL2Error(position: "\(path).args[2]", reason: "expected a distance in metres") }
                distance = d
            }
            return .spatial(spatial, property: property, geometry, distanceMeters: distance)
        }
    }

    static func operand(_ v: JSONValue, _ path: String) throws(CQL2Error) -> CQL2Operand {
        switch v {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .boolean(b)
        case .object(let o):
            if let p = o["property"]?.stringValue { return .property(p) }
            if let t = o["timestamp"]?.stringValue {
                guard t.contains("T"), let d = CityTime.parse(t) else { throw CQL2Error(position: path, reason: "'\(t)' is not an RFC 3339 timestamp") }
                return .instant(d)
            }
            if let t = o["date"]?.stringValue {
                guard t.count == 10, let d = CityTime.parse(t) else { throw CQL2Error(position: path, reason: "'\(t)' is not a date (YYYY-MM-DD)") }
                return .instant(d)
            }
            throw CQL2Error(position: path, reason: "expected {\"property\"}, {\"timestamp\"} or {\"date\"}")
        default:
            throw CQL2Error(position: path, reason: "expected a property, a string, a number, a boolean or an instant")
        }
    }
}
