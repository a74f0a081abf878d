/// A road chief (路长): a named official answerable for one or more segments.
public struct RoadChief: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// The chief's work unit (工作单位), e.g. the sub-district office.
    public var unit: String
    public var phone: String

    public init(id: String, name: String, unit: String, phone: String) {
        self.id = id
        self.name = name
        self.unit = unit
        self.phone = phone
    }

    public func validate() throws {
        let check = EntityCheck(entity: "RoadChief", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(name, "name")
        try check.nonEmpty(unit, "unit")
        // Mobile (11 digits) or landline with area code (021-xxxxxxxx); separators allowed.
        let allowed = phone.allSatisfy { ($0.isASCII && $0.isNumber) || " -+()".contains($0) }
        let digitCount = phone.filter { $0.isASCII && $0.isNumber }.count
        guard allowed, (7...15).contains(digitCount) else {
            throw check.failure("phone", "\"\(phone)\" is not a phone number (7–15 digits, separators - + ( ) and space)")
        }
    }
}
