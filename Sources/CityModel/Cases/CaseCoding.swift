import Foundation

// The JSON forms of the case workflow's enums: what the store keeps and the API shows, written
// for people and scripts to read rather than as Swift's synthesised enum shapes
// (`{"limit":{"_0":{…}}}`). Each still reads the synthesised shape of stores written before.

/// `"department:enforcement"`: the flat form the API, the CLI and the side tables take as input.
extension Assignment: Codable {
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard let a = Assignment(flat: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "'\(text)' is not department:CODE, gridTeam:ID, roadChief:ID or officer:ID"))
            }
            self = a
            return
        }
        // Synthesised form: {"department": {"code": …}}, {"gridTeam": {"id": …}}, {"roadChief": {"id": …}}.
        let c = try decoder.container(keyedBy: AnyKey.self)
        if let inner = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("department")) {
            self = .department(code: try inner.decode(String.self, forKey: AnyKey("code")))
        } else if let inner = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("gridTeam")) {
            self = .gridTeam(id: try inner.decode(String.self, forKey: AnyKey("id")))
        } else {
            self = .roadChief(id: try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("roadChief")).decode(String.self, forKey: AnyKey("id")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(flat)
    }
}

/// `{"rule":"timeLimit","value":4,"unit":"workingHours","from":…}` or `{"rule":"fixed","dueAt":…}`.
extension CaseDeadline: Codable {
    private enum Keys: String, CodingKey { case rule, value, unit, from, dueAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        if let rule = try c.decodeIfPresent(String.self, forKey: AnyKey("rule")) {
            switch rule {
            case "timeLimit":
                self = .limit(TimeLimit(value: try c.decode(Int.self, forKey: AnyKey("value")),
                                        unit: try c.decode(TimeLimit.Unit.self, forKey: AnyKey("unit"))),
                              from: try c.decode(Date.self, forKey: AnyKey("from")))
            case "fixed": self = .fixed(try c.decode(Date.self, forKey: AnyKey("dueAt")))
            default:
                throw DecodingError.dataCorruptedError(forKey: AnyKey("rule"), in: c, debugDescription: "'\(rule)' is not timeLimit or fixed")
            }
        } else if let inner = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("limit")) {
            self = .limit(try inner.decode(TimeLimit.self, forKey: AnyKey("_0")), from: try inner.decode(Date.self, forKey: AnyKey("from")))
        } else {
            self = .fixed(try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("fixed")).decode(Date.self, forKey: AnyKey("_0")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .limit(let limit, let from):
            try c.encode("timeLimit", forKey: .rule)
            try c.encode(limit.value, forKey: .value)
            try c.encode(limit.unit, forKey: .unit)
            try c.encode(from, forKey: .from)
        case .fixed(let date):
            try c.encode("fixed", forKey: .rule)
            try c.encode(date, forKey: .dueAt)
        }
    }
}

/// `{"event":"dispatch","assignee":"department:enforcement","due":…}`: the body a client sends
/// to `POST /api/v1/cases/{id}/transitions`, so what it reads back is what it wrote.
extension CaseEvent: Codable {
    private enum Keys: String, CodingKey { case event, typeCode, assignee, due, of }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        if let name = try c.decodeIfPresent(String.self, forKey: AnyKey("event")) {
            guard let kind = Kind(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: AnyKey("event"), in: c, debugDescription: "'\(name)' is not a case event")
            }
            switch kind {
            case .register: self = .register(typeCode: try c.decodeIfPresent(String.self, forKey: AnyKey("typeCode")))
            case .dispatch: self = .dispatch(to: try c.decode(Assignment.self, forKey: AnyKey("assignee")),
                                             due: try c.decodeIfPresent(Date.self, forKey: AnyKey("due")))
            case .mergeAsDuplicate: self = .mergeAsDuplicate(of: try c.decode(String.self, forKey: AnyKey("of")))
            default: self = CaseEvent(kind: kind, argument: nil)!
            }
            return
        }
        // Synthesised form: {"dispatch": {"to": …, "due": …}}, {"close": {}}, ….
        guard let key = c.allKeys.first, let kind = Kind(rawValue: key.stringValue) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a case event"))
        }
        let inner = try c.nestedContainer(keyedBy: AnyKey.self, forKey: key)
        switch kind {
        case .register: self = .register(typeCode: try inner.decodeIfPresent(String.self, forKey: AnyKey("typeCode")))
        case .dispatch: self = .dispatch(to: try inner.decode(Assignment.self, forKey: AnyKey("to")),
                                         due: try inner.decodeIfPresent(Date.self, forKey: AnyKey("due")))
        case .mergeAsDuplicate: self = .mergeAsDuplicate(of: try inner.decode(String.self, forKey: AnyKey("of")))
        default: self = CaseEvent(kind: kind, argument: nil)!
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind.rawValue, forKey: .event)
        switch self {
        case .register(let typeCode): try c.encodeIfPresent(typeCode, forKey: .typeCode)
        case .dispatch(let to, let due):
            try c.encode(to, forKey: .assignee)
            try c.encodeIfPresent(due, forKey: .due)
        case .mergeAsDuplicate(let of): try c.encode(of, forKey: .of)
        default: break
        }
    }
}

/// A coding key made from any string: the synthesised shapes name their keys after cases.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
