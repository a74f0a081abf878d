import Foundation

/// `{"stage":"demolished","on":…}`, `{"stage":"identified"}`: one shape for every stage, which
/// the synthesised form (`{"demolished":{"_0":…}}`, still read from older stores) was not.
extension StructureStatus: Codable {
    private enum Keys: String, CodingKey { case stage, on }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let stage: String
        var on: Date?
        if let s = try c.decodeIfPresent(String.self, forKey: AnyKey("stage")) {
            stage = s
            on = try c.decodeIfPresent(Date.self, forKey: AnyKey("on"))
        } else {
            guard let key = c.allKeys.first else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a structure status"))
            }
            stage = key.stringValue
            if stage == "demolished" { on = try c.nestedContainer(keyedBy: AnyKey.self, forKey: key).decode(Date.self, forKey: AnyKey("_0")) }
        }
        switch stage {
        case "identified": self = .identified
        case "notified": self = .notified
        case "demolished":
            guard let on else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a demolished structure needs the day, `on`"))
            }
            self = .demolished(on)
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(stage)' is not identified, notified or demolished"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .identified: try c.encode("identified", forKey: .stage)
        case .notified: try c.encode("notified", forKey: .stage)
        case .demolished(let on):
            try c.encode("demolished", forKey: .stage)
            try c.encode(on, forKey: .on)
        }
    }
}
