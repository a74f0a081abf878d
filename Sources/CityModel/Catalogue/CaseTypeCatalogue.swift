import Foundation

/// The catalogue of case types a grid centre accepts. CityGrid bundles a default catalogue
/// (`Resources/case-types.json`); a deployment supplies its own district catalogue as JSON data of
/// the same shape through `init(data:source:)`.
public struct CaseTypeCatalogue: Hashable, Sendable, Codable {
    public var version: String
    public var eventClasses: [EventClass]
    public var caseTypes: [CaseType]

    /// Builds and checks a catalogue (unique codes, known classes, positive deadlines).
    public init(version: String, eventClasses: [EventClass], caseTypes: [CaseType], source: String = "catalogue") throws {
        self.version = version
        self.eventClasses = eventClasses
        self.caseTypes = caseTypes
        try check(source: source)
    }

    /// Decodes a catalogue from JSON; errors name `source` and the JSON path of the bad value.
    public init(data: Data, source: String = "custom catalogue") throws {
        let file = try decodeDataFile(File.self, from: data, source: source)
        try self.init(version: file.version, eventClasses: file.eventClasses, caseTypes: file.caseTypes, source: source)
    }

    /// The JSON shape, decoded before the catalogue's own checks run.
    private struct File: Decodable {
        var version: String
        var eventClasses: [EventClass]
        var caseTypes: [CaseType]
    }

    private enum CodingKeys: String, CodingKey { case version, eventClasses, caseTypes }

    /// Decoding (e.g. from a store) runs the same checks as loading a data file.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(version: c.decode(String.self, forKey: .version),
                      eventClasses: c.decode([EventClass].self, forKey: .eventClasses),
                      caseTypes: c.decode([CaseType].self, forKey: .caseTypes), source: "decoded catalogue")
    }

    /// The catalogue bundled with CityModel.
    public static func bundled() throws -> CaseTypeCatalogue {
        try CaseTypeCatalogue(data: bundledDataFile("case-types"), source: "case-types.json")
    }

    public func caseType(code: String) -> CaseType? { caseTypes.first { $0.code == code } }
    public func eventClass(code: String) -> EventClass? { eventClasses.first { $0.code == code } }

    private func check(source: String) throws {
        func bad(_ path: String, _ problem: String) -> CityModelError {
            .badDataFile(source: source, path: path, problem: problem)
        }
        func isDigits(_ s: String, _ n: Int) -> Bool { s.count == n && s.allSatisfy { $0.isASCII && $0.isNumber } }
        if version.isEmpty { throw bad("version", "is empty") }
        if eventClasses.isEmpty { throw bad("eventClasses", "is empty") }
        var classes = Set<String>()
        for (i, c) in eventClasses.enumerated() {
            let path = "eventClasses[\(i)]"
            guard isDigits(c.code, 2) else { throw bad("\(path).code", "\"\(c.code)\" is not two digits") }
            guard classes.insert(c.code).inserted else { throw bad("\(path).code", "duplicate class \(c.code)") }
            if c.nameZH.isEmpty { throw bad("\(path).nameZH", "is empty") }
            if c.nameEN.isEmpty { throw bad("\(path).nameEN", "is empty") }
        }
        var codes = Set<String>()
        for (i, t) in caseTypes.enumerated() {
            let path = "caseTypes[\(i)]"
            guard isDigits(t.code, 4) else { throw bad("\(path).code", "\"\(t.code)\" is not four digits") }
            guard codes.insert(t.code).inserted else { throw bad("\(path).code", "duplicate case type \(t.code)") }
            guard classes.contains(t.classCode) else {
                throw bad("\(path).code", "class \(t.classCode) of \(t.code) is not among eventClasses")
            }
            guard t.subclassCode != "00" else { throw bad("\(path).code", "subclass 00 is not a case type") }
            if t.nameZH.isEmpty { throw bad("\(path).nameZH", "is empty") }
            if t.nameEN.isEmpty { throw bad("\(path).nameEN", "is empty") }
            if t.defaultDepartment.isEmpty { throw bad("\(path).defaultDepartment", "is empty") }
            guard t.deadline.value > 0 else {
                throw bad("\(path).deadline.value", "must be positive (\(t.deadline.value))")
            }
        }
    }
}
