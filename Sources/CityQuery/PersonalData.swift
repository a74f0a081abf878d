import CityModel
import GeoCore

/// The attributes that identify a person, and how they are masked for those who may not see them
/// (个人信息保护法: least disclosure). Marked by where they sit in the JSON every door serves — the
/// same members in a feature's properties, a case's answer or a chief's object:
///
/// - a road chief's `name` and `phone` (inside `chief`), a structure's `holder`, the citizen a case
///   was `reportedFor`, and any `phone`/`tel`/`mobile`/ID member;
/// - a shop's `licenceNumber` when it is an individual's: unified social credit codes of
///   个体工商户 begin with 92 (a company's code names no person and stays);
/// - in an import's `extra` columns, members named like a person or a contact (CHIEF_TEL, 联系人,
///   经营者, HOLDER, ID_CARD …);
/// - in every other text (a case's description, a note), mobile and landline numbers and
///   resident-ID numbers written into it: citizens put their numbers in complaints.
///
/// Masks keep enough to tell records apart on the phone with the person: `138****5678`,
/// `范*`, `朱*俊`, `3101**********1234`.
public enum PersonalData {
    enum Kind { case name, phone, identifier, contact }

    /// Members whose whole value is personal, by name (lower-cased), wherever they appear.
    static let members: [String: Kind] = [
        "phone": .phone, "tel": .phone, "mobile": .phone, "telephone": .phone,
        "holder": .name, "reportedfor": .contact, "operator": .name, "owner": .name, "contact": .contact,
        "idnumber": .identifier, "idcard": .identifier,
    ]
    /// Parts of an import column's name that make it personal (matched on the lower-cased name).
    static let extraNameParts: [(String, Kind)] = [
        ("电话", .phone), ("手机", .phone), ("phone", .phone), ("mobile", .phone), ("_tel", .phone), ("tel_", .phone),
        ("身份证", .identifier), ("id_card", .identifier), ("idcard", .identifier), ("idno", .identifier),
        ("联系人", .name), ("经营者", .name), ("业主", .name), ("法人", .name), ("户主", .name), ("当事人", .name),
        ("holder", .name), ("owner", .name), ("operator", .name), ("contact", .contact),
    ]

    /// The value with every personal datum masked. `context` is the member it sits under.
    public static func redacted(_ value: JSONValue) -> JSONValue {
        redacted(value, under: nil, inExtra: false)
    }

    static func redacted(_ value: JSONValue, under key: String?, inExtra: Bool) -> JSONValue {
        switch value {
        case .object(let object):
            var out = JSONObject()
            for (k, v) in object {
                out[k] = redactedMember(k, v, parent: key, inExtra: inExtra)
            }
            return .object(out)
        case .array(let items):
            return .array(items.map { redacted($0, under: key, inExtra: inExtra) })
        case .string(let text):
            return .string(maskNumbers(in: text))
        default:
            return value
        }
    }

    static func redactedMember(_ key: String, _ value: JSONValue, parent: String?, inExtra: Bool) -> JSONValue {
        let lower = key.lowercased()
        var kind = members[lower]
        if kind == nil, parent == "chief", lower == "name" { kind = .name }
        if kind == nil, inExtra { kind = extraNameParts.first { lower.contains($0.0) || lower == String($0.0.trimmingPrefix("_")) }?.1 }
        if lower == "licencenumber", case .string(let number) = value, number.hasPrefix("92") {
            return .string(mask(number, keepingFirst: 6, last: 2))
        }
        guard let kind else {
            return redacted(value, under: key, inExtra: inExtra || lower == "extra")
        }
        switch value {
        case .string(let text): return .string(mask(text, as: kind))
        case .number: return .string("****")
        case .null: return .null
        default: return redacted(value, under: key, inExtra: inExtra)
        }
    }

    static func mask(_ text: String, as kind: Kind) -> String {
        switch kind {
        case .phone: maskNumbers(in: text, everyDigitRun: true)
        case .identifier: mask(text, keepingFirst: 4, last: 4)
        case .name: maskName(text)
        case .contact:
            // "张三 13812345678": names masked word by word, numbers as numbers.
            text.split(separator: " ", omittingEmptySubsequences: false).map { word in
                word.contains(where: { $0.isASCII && $0.isNumber }) ? maskNumbers(in: String(word), everyDigitRun: true) : maskName(String(word))
            }.joined(separator: " ")
        }
    }

    /// 范艳 → 范*, 朱浩俊 → 朱*俊, 欧阳娜娜 → 欧**娜; Latin names keep their first letter.
    static func maskName(_ name: String) -> String {
        let chars = Array(name)
        switch chars.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(chars[0]) + "*"
        default: return String(chars[0]) + String(repeating: "*", count: chars.count - 2) + String(chars[chars.count - 1])
        }
    }

    static func mask(_ text: String, keepingFirst first: Int, last: Int) -> String {
        let chars = Array(text)
        guard chars.count > first + last else { return String(repeating: "*", count: chars.count) }
        return String(chars[..<first]) + String(repeating: "*", count: chars.count - first - last) + String(chars[(chars.count - last)...])
    }

    /// Masks the phone and ID numbers written in a text. A run of digits (separators `-` and
    /// space inside it allowed) is a mobile number at 11 digits beginning with 1, a resident ID at
    /// 18 (the last may be X), a landline at 10–12 beginning with 0; `everyDigitRun` masks any run
    /// of 7 or more digits (a member known to hold a number). The middle digits become `*`.
    static func maskNumbers(in text: String, everyDigitRun: Bool = false) -> String {
        // Fast path: most texts have no run of seven digits at all.
        var run = 0, longest = 0
        for u in text.utf8 {
            if u >= 0x30 && u <= 0x39 { run += 1; longest = max(longest, run) } else if u != 0x2D && u != 0x20 { run = 0 }
        }
        guard longest >= 7 else { return text }
        // Over the UTF-8 bytes: digits, `-`, space and X are ASCII, and no byte of a multi-byte
        // character is below 0x80. (Every record's date, 2026-10-05, is a run of eight digits; a
        // dossier's 21 records through Character's Unicode properties were most of a map's request.)
        let bytes = Array(text.utf8)
        let isDigit = { (k: Int) -> Bool in bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var digits: [Int] = []
        var i = 0
        while i < bytes.count {
            guard isDigit(i) else { out.append(bytes[i]); i += 1; continue }
            // The run: digits with single - or space between them, and a trailing X for an ID.
            var j = i
            digits.removeAll(keepingCapacity: true)
            while j < bytes.count {
                if isDigit(j) { digits.append(j); j += 1; continue }
                if bytes[j] == 0x2D || bytes[j] == 0x20, j + 1 < bytes.count, isDigit(j + 1) { j += 1; continue }
                break
            }
            var end = j
            if digits.count == 17, end < bytes.count, bytes[end] == UInt8(ascii: "X") || bytes[end] == UInt8(ascii: "x") { digits.append(end); end += 1 }
            let n = digits.count
            let first = bytes[digits[0]]
            let personal = everyDigitRun ? n >= 7
                : (n == 11 && first == UInt8(ascii: "1")) || n == 18 || ((10...12).contains(n) && first == UInt8(ascii: "0"))
            if personal {
                let keepFirst = n == 18 ? 4 : 3, keepLast = 4
                let hidden = keepFirst..<max(keepFirst, n - keepLast)   // positions among the digits
                var d = 0
                for k in i..<end {
                    if d < n, digits[d] == k {
                        out.append(hidden.contains(d) ? UInt8(ascii: "*") : bytes[k])
                        d += 1
                    } else {
                        out.append(bytes[k])
                    }
                }
            } else {
                out.append(contentsOf: bytes[i..<end])
            }
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }
}
