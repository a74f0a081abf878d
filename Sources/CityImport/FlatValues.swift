import CityModel
import Foundation

/// Enumerated flat values: the raw values SCHEMA.md names, and the Chinese labels the domain
/// prints (a file made by hand often carries those instead).
enum FlatValues {
    static func roadClass(_ text: String?) -> RoadClass {
        guard let text else { return .other }
        if let c = RoadClass.allCases.first(where: { $0.labelZH == text }) { return c }
        if let c = RoadClass(rawValue: text) { return c }
        return RoadClass(osmHighway: text.lowercased())
    }

    /// A BRIDGE or TUNNEL text: yes/no in the usual spellings, and OSM's kinds of bridge and
    /// tunnel (viaduct, building_passage…), which are all yes. Nil for anything else.
    static func structureFlag(_ text: String) -> Bool? {
        let t = text.lowercased()
        if ["", "no", "false", "0", "n", "f", "否", "无"].contains(t) { return false }
        if ["yes", "true", "1", "y", "t", "是", "有"].contains(t) { return true }
        return osmStructureKinds.contains(t) ? true : nil
    }

    /// An officer's travel mode: foot, bike, car, or 步行 / 自行车 / 汽车 and their usual words.
    static func officerMode(_ text: String) -> OfficerMode? {
        let t = text.lowercased()
        if let m = OfficerMode(rawValue: t) { return m }
        switch t {
        case "步行", "步巡", "walk", "walking": return .foot
        case "自行车", "非机动车", "电动车", "bicycle", "cycle": return .bike
        case "汽车", "机动车", "车巡", "巡逻车", "vehicle", "motorcar": return .car
        default: return nil
        }
    }

    /// OSM's documented `bridge=*` and `tunnel=*` values besides yes.
    private static let osmStructureKinds: Set<String> = [
        "viaduct", "aqueduct", "boardwalk", "cantilever", "covered", "movable", "trestle", "low_water_crossing",
        "simple_brunnel", "building_passage", "culvert", "avalanche_protector", "flooded", "桥", "桥梁", "隧道", "地道",
    ]

    /// GB/T 21010 first-level class: "07", "7" (a numeric column), "0701" (a second-level code) or 住宅用地.
    static func landUse(_ text: String, _ bad: (String, String) -> CityImportError) throws -> LandUse {
        if let u = LandUse.allCases.first(where: { $0.labelZH == text }) { return u }
        var code = text
        if code.count == 1, code.allSatisfy(\.isNumber) { code = "0" + code }
        if code.count == 4, code.allSatisfy(\.isNumber) { code = String(code.prefix(2)) }
        if code.count == 3, code.allSatisfy(\.isNumber) { code = "0" + code.prefix(1) }
        guard let u = LandUse(rawValue: code) else {
            throw bad("LANDUSE", "'\(text)' is not a GB/T 21010 class (01–12)")
        }
        return u
    }

    static func licenceStatus(_ text: String) -> LicenceStatus? {
        LicenceStatus(rawValue: text) ?? LicenceStatus.allCases.first { $0.labelZH == text || $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }
    }

    static func caseSource(_ text: String) -> CaseSource? {
        CaseSource(rawValue: text) ?? CaseSource.allCases.first { $0.labelZH == text || $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }
    }

    /// Comma-separated (also 、 and ;) StorefrontFlag raw values or labels.
    static func flags(_ text: String?, _ bad: (String, String) -> CityImportError) throws -> Set<StorefrontFlag> {
        guard let text else { return [] }
        if let flags = try asciiFlags(text, bad) { return flags }
        var flags = Set<StorefrontFlag>()
        for part in text.split(whereSeparator: { $0 == "," || $0 == "、" || $0 == ";" || $0 == "，" }) {
            let t = part.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let flag = StorefrontFlag(rawValue: t) ?? StorefrontFlag.allCases.first(where: { $0.labelZH == t }) else {
                throw bad("FLAGS", "'\(t)' is not one of \(StorefrontFlag.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            flags.insert(flag)
        }
        return flags
    }

    /// `flags` for ASCII text (raw values, the common case), without splitting graphemes or going
    /// through Foundation: in ASCII every byte is a Character (CR LF aside, and neither is a
    /// separator), and the only `.whitespaces` are space and tab. Nil for other text.
    private static func asciiFlags(_ text: String, _ bad: (String, String) -> CityImportError) throws -> Set<StorefrontFlag>? {
        var text = text
        return try text.withUTF8 { bytes throws -> Set<StorefrontFlag>? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var flags = Set<StorefrontFlag>()
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: ",") || bytes[end] == UInt8(ascii: ";") {
                var lo = start, hi = end
                start = end + 1
                while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
                while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
                if lo == hi { continue }
                let t = String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
                guard let flag = StorefrontFlag(rawValue: t) else {
                    throw bad("FLAGS", "'\(t)' is not one of \(StorefrontFlag.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                flags.insert(flag)
            }
            return flags
        }
    }

    /// STATUS with DEMOLISHED: a demolished structure carries its date; a date alone means demolished.
    static func structureStatus(_ text: String?, demolishedOn: Date?, _ bad: (String, String) -> CityImportError) throws -> StructureStatus {
        switch text {
        case nil:
            return demolishedOn.map { .demolished($0) } ?? .identified
        case "identified"?, "已认定"?:
            if demolishedOn != nil { throw bad("DEMOLISHED", "is set but STATUS is identified") }
            return .identified
        case "notified"?, "已告知"?:
            if demolishedOn != nil { throw bad("DEMOLISHED", "is set but STATUS is notified") }
            return .notified
        case "demolished"?, "已拆除"?:
            guard let demolishedOn else { throw bad("DEMOLISHED", "is empty; a demolished structure needs its date (YYYY-MM-DD)") }
            return .demolished(demolishedOn)
        case let other?:
            throw bad("STATUS", "'\(other)' is not one of identified, notified, demolished")
        }
    }

    static func structureStatusText(_ s: StructureStatus) -> String {
        switch s {
        case .identified: "identified"
        case .notified: "notified"
        case .demolished: "demolished"
        }
    }
}
