/// Business-licence numbers: the 18-character unified social credit code of GB 32100-2015
/// (统一社会信用代码, on every licence issued since 2015), or the 15-digit registration number
/// (注册号) that older licences still carry.
public enum BusinessLicence {
    /// GB 32100-2015 alphabet: digits and capital letters except I, O, Z, S, V.
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    /// GB 32100-2015 weights for positions 1–17 (3^(i-1) mod 31).
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// The alphabet value of each ASCII byte, -1 for bytes outside the alphabet.
    static let asciiValues: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (v, c) in alphabet.enumerated() { table[Int(c.asciiValue!)] = Int8(v) }
        return table
    }()

    /// Nil when `number` is a well-formed licence number, else what is wrong with it.
    public static func problem(with number: String) -> String? {
        // A valid number is ASCII, where each byte is one Character (but CR LF, which is one
        // Character of two bytes), so it is checked without splitting graphemes; anything else
        // takes the general path, which words the problem by Characters.
        if let answer = number.utf8.withContiguousStorageIfAvailable(asciiProblem) ?? nil { return answer }
        return characterProblem(with: number)
    }

    /// `.some(nil)` for a well-formed ASCII number, `.some(problem)` for a wrong count or check
    /// character, `nil` when the bytes need the Character path (non-ASCII, CR, a byte outside the
    /// alphabet, so the message quotes the Character).
    private static func asciiProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
        if bytes.count == 15 {
            return .some(bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? nil : "a 15-character registration number has only digits")
        }
        guard bytes.count == 18 else {
            return .some("has \(bytes.count) characters; a unified social credit code has 18 (or an old registration number 15)")
        }
        var sum = 0
        for i in 0..<17 {
            let v = Int(asciiValues[Int(bytes[i])])
            guard v >= 0 else { return nil }
            sum += v * weights[i]
        }
        let last = Int(asciiValues[Int(bytes[17])])
        guard last >= 0 else { return nil }
        let check = (31 - sum % 31) % 31
        return .some(last == check ? nil : "check character is '\(Character(Unicode.Scalar(bytes[17])))', GB 32100 gives '\(alphabet[check])'")
    }

    private static func characterProblem(with number: String) -> String? {
        let chars = Array(number)
        if chars.count == 15 {
            return chars.allSatisfy({ $0.isASCII && $0.isNumber }) ? nil : "a 15-character registration number has only digits"
        }
        guard chars.count == 18 else {
            return "has \(chars.count) characters; a unified social credit code has 18 (or an old registration number 15)"
        }
        var values: [Int] = []
        for (i, c) in chars.enumerated() {
            guard let v = alphabet.firstIndex(of: c) else {
                return "character \(i + 1) '\(c)' is not in the GB 32100 alphabet"
            }
            values.append(v)
        }
        let sum = zip(values.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (31 - sum % 31) % 31
        guard values[17] == check else {
            return "check character is '\(chars[17])', GB 32100 gives '\(alphabet[check])'"
        }
        return nil
    }
}
