import CityModel
import Foundation
import GeoCore

/// One entity of a layer as the store keeps it: its geometry in the working CRS, its attributes as a
/// JSON object (the domain fields and every extra column an import brought), and the few fields
/// that queries filter on without decoding the attributes (`category`: a case's type code or a
/// storefront's licence status; `status`: a workflow state).
///
/// A feature loaded at start-up carries its attributes by reference: they are read from storage
/// the first time someone asks (see `FeatureBody`), so that opening a store of a million cases
/// reads their envelopes and filter fields, not a gigabyte of histories.
public struct StoredFeature: Sendable, Hashable {
    public var layer: Layer { didSet { detach() } }
    public var id: String { didSet { detach() } }
    public var geometry: Geometry? { didSet { detach() } }
    public var category: String? { didSet { detach() } }
    public var status: String? { didSet { detach() } }
    /// The zone version (import run) a grid cell, segment or red line belongs to; a case keeps the
    /// versions it was attributed with in its properties, so re-imports never rewrite its history.
    public var zoneVersion: Int { didSet { detach() } }
    private(set) var body: FeatureBody

    public init(layer: Layer, id: String, geometry: Geometry?, properties: [UInt8] = Array("{}".utf8),
                category: String? = nil, status: String? = nil, zoneVersion: Int = 1) {
        self.init(layer: layer, id: id, geometry: geometry, body: FeatureBody(properties: properties),
                  category: category, status: status, zoneVersion: zoneVersion)
    }

    init(layer: Layer, id: String, geometry: Geometry?, body: FeatureBody,
         category: String?, status: String?, zoneVersion: Int) {
        self.layer = layer
        self.id = id
        self.geometry = geometry
        self.body = body
        self.category = category
        self.status = status
        self.zoneVersion = zoneVersion
    }

    /// The attributes, a JSON object in UTF-8. Read from storage on first use when the feature
    /// came from the start-up load; an attribute read that fails (the database file gone or
    /// corrupt under a running server) yields `{}` and is counted in `FeatureBody.failedLoads`.
    public var properties: [UInt8] {
        get { body.properties }
        set { body = FeatureBody(properties: newValue) }
    }

    /// Attribute reads that failed since start (each answered with `{}`), for the metrics.
    public static var failedAttributeReads: Int { FeatureBody.failedLoads.load(ordering: .relaxed) }

    public var envelope: Envelope { geometry?.envelope ?? .empty }

    /// A value derived from this version of the feature (its GeoJSON as a server sends it, say),
    /// computed once and kept with it: any change to the feature starts afresh, so a memo can
    /// never outlive what it was made from.
    public func memo<T: Sendable>(_ key: String, _ make: () throws -> T) rethrows -> T {
        try body.memo(key, make)
    }

    /// Whether a memo under `key` is kept (whether a bulk read would find this version already done).
    public func hasMemo(_ key: String) -> Bool {
        body.hasMemo(key)
    }

    /// Copies change the body they share only by replacing it: a changed copy must not see, nor
    /// leave behind, memos of the old value.
    private mutating func detach() {
        body = body.detachedCopy()
    }

    public static func == (a: StoredFeature, b: StoredFeature) -> Bool {
        a.layer == b.layer && a.id == b.id && a.geometry == b.geometry && a.category == b.category
            && a.status == b.status && a.zoneVersion == b.zoneVersion && a.properties == b.properties
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(layer)
        hasher.combine(id)
        hasher.combine(zoneVersion)
    }

    /// What full-text search matches: the id and the words of the text attributes at the top level
    /// and one level down (a segment's chief, an import's extra columns), so a grid code, a road
    /// name, a chief, a phone number or a shop's name, address and licence all find their entity.
    /// Left out, because the trigram index costs in proportion to the text and nobody searches
    /// for them: figures, dates and date-times (text without a letter, but for phone-like digit
    /// runs), codes of closed vocabularies (statuses, road classes), GeoJSON `type` names and
    /// repeats. Built here rather than with SQLite's json_each, which costs three
    /// times as much per row on a million-row import.
    var searchText: String {
        guard let ranges = SearchTextScanner.ranges(of: properties) else {
            // Escaped text: parsed, and the same rules applied to the decoded values.
            var parts = [id]
            for s in Self.textValues(of: properties) where Self.isSearchable(s) && !parts.contains(s) { parts.append(s) }
            return parts.joined(separator: " ")
        }
        // Straight from the stored bytes into the text's: a String per value was most of the cost.
        return properties.withUnsafeBufferPointer { b in
            var out = Array(id.utf8)
            out.reserveCapacity(out.count + properties.count / 4)
            // A dozen values at most: a linear search for repeats is cheaper than hashing them.
            var kept: [Range<Int>] = []
            let idLength = out.count
            for r in ranges {
                let value = UnsafeBufferPointer(rebasing: b[r])
                guard Self.isSearchable(utf8: value) else { continue }
                if value.count == idLength, out.withUnsafeBufferPointer({ memcmp($0.baseAddress!, value.baseAddress!, idLength) == 0 }) {
                    continue
                }
                if kept.contains(where: { $0.count == r.count && memcmp(b.baseAddress! + $0.lowerBound, value.baseAddress!, r.count) == 0 }) {
                    continue
                }
                kept.append(r)
                out.append(UInt8(ascii: " "))
                out.append(contentsOf: value)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Text at depth 1 and 2, nested `type` members and codes (`SearchTextScanner.codeKeys`) left
    /// out: scanned from the bytes, or parsed when the scanner declines (escaped text).
    static func textValues(of properties: [UInt8]) -> [String] {
        if let values = SearchTextScanner.values(of: properties) { return values }
        guard case .object(let object)? = try? JSONValue(parsing: properties) else { return [] }
        var values: [String] = []
        for (key, value) in object.members where !SearchTextScanner.isCode(key: key.utf8) {
            switch value {
            case .string(let s): values.append(s)
            case .object(let inner):
                for (key, v) in inner.members where key != "type" && !SearchTextScanner.isCode(key: key.utf8) {
                    if let s = v.stringValue { values.append(s) }
                }
            default: break
            }
        }
        return values
    }

    /// Text with a letter, or a phone number: seven digits or more, perhaps with spaces, dashes,
    /// a plus and brackets ("021-63211111", "189-2024-3150"), but not a date ("2012-11-14").
    static func isSearchable(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isSearchable(utf8: $0) }
    }

    /// `isSearchable` over well-formed UTF-8.
    static func isSearchable(utf8 s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !isDateTime(s) else { return false }
        var digits = 0
        var phoneLike = true
        var i = 0
        while i < s.count {
            let c = s[i]
            if c < 0x80 {
                // ASCII and the CJK unified ideographs are answered without the Unicode property
                // tables: nearly every value is one or the other, and the table lookup was the
                // scan's cost.
                switch c {
                case 0x30...0x39: digits += 1
                case 0x41...0x5A, 0x61...0x7A: return true
                case 0x20, 0x2B, 0x28, 0x29, 0x2D: break
                default: phoneLike = false
                }
                i += 1
                continue
            }
            let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
            guard i + length <= s.count else { return false }
            var v = UInt32(c) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
            for k in 1..<length { v = v << 6 | UInt32(s[i + k] & 0x3F) }
            if (0x4E00...0x9FFF).contains(v) { return true }
            if let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic { return true }
            phoneLike = false
            i += length
        }
        guard digits >= 7, phoneLike else { return false }
        // A date ("2012-11-14") is not a phone number.
        let isDate = s.count == 10 && s[4] == 0x2D && s[7] == 0x2D && s.lazy.filter { $0 == 0x2D }.count == 2
        return !isDate
    }

    /// An ISO 8601 date-time ("2026-11-08T16:00:00Z", "2026-11-08 16:00+08:00"): its T and Z are
    /// letters, but nobody searches for a time stamp.
    static func isDateTime(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        func digit(_ k: Int) -> Bool { (0x30...0x39).contains(s[k]) }
        guard s.count >= 16, [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy(digit), s[4] == 0x2D, s[7] == 0x2D,
              s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " ") else { return false }
        return s[11...].allSatisfy { (0x30...0x39).contains($0) || ":.+-Z".utf8.contains($0) }
    }
}
