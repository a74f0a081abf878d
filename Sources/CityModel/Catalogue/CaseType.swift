/// How long a department has to handle a case of one type.
public struct TimeLimit: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Hashable, Sendable, Codable, CaseIterable {
        /// Hours inside the working day of the working calendar (e.g. 09:00–17:00).
        case workingHours
        /// Whole working days after the day the clock starts, due at the end of the last one.
        case workingDays
    }

    public var value: Int
    public var unit: Unit

    public init(value: Int, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public var description: String { "\(value) \(unit.rawValue)" }
}

/// A national event class (事件大类) in the style of GB/T 30428.2-2013 and CJ/T 214-2007.
public struct EventClass: Hashable, Sendable, Codable {
    /// Two digits: 01 市容环境, 02 宣传广告, 03 施工管理, 04 突发事件, 05 街面秩序.
    public var code: String
    public var nameZH: String
    public var nameEN: String

    public init(code: String, nameZH: String, nameEN: String) {
        self.code = code
        self.nameZH = nameZH
        self.nameEN = nameEN
    }
}

/// One case type of the catalogue: a four-digit code whose first two digits are its event class
/// (大类) and last two its subclass (小类).
public struct CaseType: Hashable, Sendable, Codable {
    public var code: String
    public var nameZH: String
    public var nameEN: String
    /// Code of the department a case of this type goes to unless the dispatcher chooses otherwise.
    public var defaultDepartment: String
    /// Handling time allowed, from registration (立案).
    public var deadline: TimeLimit
    /// True for construction-waste dumping: inside the road red line it is pursued as endangering
    /// traffic safety, outside as environmental pollution (Qingpu practice, see the glossary).
    public var redLineDecidesLiability: Bool
    /// True where the loop's verification (核查) needs a photo of the place after handling
    /// (处置后): a demolished structure, a bricked-up wall, cleared waste. Without one the
    /// `verifyPassed` step is refused.
    public var requiresAfterPhoto: Bool

    public init(code: String, nameZH: String, nameEN: String, defaultDepartment: String, deadline: TimeLimit,
                redLineDecidesLiability: Bool = false, requiresAfterPhoto: Bool = false) {
        self.code = code
        self.nameZH = nameZH
        self.nameEN = nameEN
        self.defaultDepartment = defaultDepartment
        self.deadline = deadline
        self.redLineDecidesLiability = redLineDecidesLiability
        self.requiresAfterPhoto = requiresAfterPhoto
    }

    public var labelZH: String { nameZH }
    /// The two-digit national event class (大类).
    public var classCode: String { String(code.prefix(2)) }
    /// The two-digit subclass (小类).
    public var subclassCode: String { String(code.suffix(2)) }

    private enum CodingKeys: String, CodingKey {
        case code, nameZH, nameEN, defaultDepartment, deadline, redLineDecidesLiability, requiresAfterPhoto
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        nameZH = try c.decode(String.self, forKey: .nameZH)
        nameEN = try c.decode(String.self, forKey: .nameEN)
        defaultDepartment = try c.decode(String.self, forKey: .defaultDepartment)
        deadline = try c.decode(TimeLimit.self, forKey: .deadline)
        redLineDecidesLiability = try c.decodeIfPresent(Bool.self, forKey: .redLineDecidesLiability) ?? false
        requiresAfterPhoto = try c.decodeIfPresent(Bool.self, forKey: .requiresAfterPhoto) ?? false
    }
}
