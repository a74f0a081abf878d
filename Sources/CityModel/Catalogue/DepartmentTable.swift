import Foundation

/// A department the grid centre dispatches to (派单对象).
public struct Department: Hashable, Sendable, Codable {
    public var code: String
    public var nameZH: String
    public var nameEN: String
    /// Codes of the case types this department takes.
    public var caseTypes: [String]

    public init(code: String, nameZH: String, nameEN: String, caseTypes: [String]) {
        self.code = code
        self.nameZH = nameZH
        self.nameEN = nameEN
        self.caseTypes = caseTypes
    }

    public var labelZH: String { nameZH }
}

/// The departments table (`Resources/departments.json`), checked against a catalogue: every type a
/// department takes exists, and every type's default department exists and takes it.
public struct DepartmentTable: Hashable, Sendable {
    public let departments: [Department]

    private struct File: Codable { var departments: [Department] }

    public init(departments: [Department], catalogue: CaseTypeCatalogue, source: String = "departments") throws {
        func bad(_ path: String, _ problem: String) -> CityModelError {
            .badDataFile(source: source, path: path, problem: problem)
        }
        var seen = Set<String>()
        for (i, d) in departments.enumerated() {
            let path = "departments[\(i)]"
            if d.code.isEmpty { throw bad("\(path).code", "is empty") }
            guard seen.insert(d.code).inserted else { throw bad("\(path).code", "duplicate department \(d.code)") }
            if d.nameZH.isEmpty { throw bad("\(path).nameZH", "is empty") }
            if d.nameEN.isEmpty { throw bad("\(path).nameEN", "is empty") }
            for (j, t) in d.caseTypes.enumerated() where catalogue.caseType(code: t) == nil {
                throw bad("\(path).caseTypes[\(j)]", "case type \(t) is not in catalogue \(catalogue.version)")
            }
        }
        for t in catalogue.caseTypes {
            guard let d = departments.first(where: { $0.code == t.defaultDepartment }) else {
                throw bad("departments", "no department \(t.defaultDepartment), the default for case type \(t.code)")
            }
            guard d.caseTypes.contains(t.code) else {
                throw bad("departments", "department \(d.code) is the default for case type \(t.code) but does not list it")
            }
        }
        self.departments = departments
    }

    public init(data: Data, catalogue: CaseTypeCatalogue, source: String = "custom departments") throws {
        let file = try decodeDataFile(File.self, from: data, source: source)
        try self.init(departments: file.departments, catalogue: catalogue, source: source)
    }

    /// The departments table bundled with CityModel, checked against `catalogue`.
    public static func bundled(catalogue: CaseTypeCatalogue) throws -> DepartmentTable {
        try DepartmentTable(data: bundledDataFile("departments"), catalogue: catalogue, source: "departments.json")
    }

    public func department(code: String) -> Department? { departments.first { $0.code == code } }

    /// Dispatch targets to propose for a case type: the type's default department first, then every
    /// other department that takes the type, in table order. Empty for an unknown type.
    public func proposedTargets(for typeCode: String, catalogue: CaseTypeCatalogue) -> [Department] {
        guard let type = catalogue.caseType(code: typeCode) else { return [] }
        let others = departments.filter { $0.code != type.defaultDepartment && $0.caseTypes.contains(typeCode) }
        return (department(code: type.defaultDepartment).map { [$0] } ?? []) + others
    }
}
