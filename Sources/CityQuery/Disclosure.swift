import CityModel
import CityStore
import Foundation
import GeoCore

/// Whom an answer is for, set by the door that serves it: the server per request (the token's
/// principal), the command line for the whole run (the local operator). It defaults to anonymous,
/// so an answer made where no door said who reads it shows nothing personal: forgetting fails
/// closed.
///
/// A task-local rather than a parameter of every read: personal data sits in features that
/// dozens of answers carry (a grid report, a search, an OGC page, a nearest list), and every one
/// of them must obey the same rule; the encoders ask `CityFeature.disclosed()` at the one point
/// where a feature becomes bytes.
public enum Disclosure {
    @TaskLocal public static var reader: Principal = .anonymous
    /// Where the entities whose personal data an answer showed unmasked are noted, for the audit
    /// trail (`AuditAction.personalDataRead`); nil when nobody collects them.
    @TaskLocal public static var shown: ShownPersonalData?
}

/// The entities an answer showed with their personal data, collected while it is made.
public final class ShownPersonalData: @unchecked Sendable {
    private let lock = NSLock()
    private var entities: [(layer: String, id: String)] = []

    public init() {}

    public func note(_ layer: String, _ id: String) {
        lock.lock()
        defer { lock.unlock() }
        if entities.count < 1_000 { entities.append((layer, id)) }
    }

    public var all: [(layer: String, id: String)] {
        lock.lock()
        defer { lock.unlock() }
        return entities
    }
}

extension CityFeature {
    /// This feature as `reader` may see it: itself when it holds nothing personal or the reader
    /// may see personal data where it lies (`AccessPolicy`, `.seePersonalData`), else a copy with
    /// the personal data masked (`PersonalData`). Both forms are kept with the feature's version,
    /// so masking costs once per change, not once per answer.
    public func disclosed(to reader: Principal = Disclosure.reader) -> CityFeature {
        let masked = stored.memo("PersonalData.masked") { () -> StoredFeature? in
            guard let value = try? JSONValue(parsing: stored.properties) else { return nil }
            let redacted = PersonalData.redacted(value)
            guard redacted != value else { return nil }
            var copy = stored
            var bytes: [UInt8] = []
            redacted.write(to: &bytes)
            copy.properties = bytes
            return copy
        }
        guard let masked else { return self }
        if AccessPolicy.allows(.seePersonalData, by: reader, at: attribution) {
            Disclosure.shown?.note(layer.rawValue, id)
            return self
        }
        return CityFeature(masked)
    }

    /// Where the feature lies for the access rules: a case's, shop's or structure's attribution;
    /// a segment by its id and chief; a cell by its code.
    public var attribution: Attribution? {
        stored.memo("Disclosure.attribution") { () -> Attribution? in
            switch layer {
            case .cases, .storefronts, .structures:
                struct Holder: Decodable { var attribution: Attribution? }
                return (try? JSONDecoder().decode(Holder.self, from: Data(stored.properties)))?.attribution
            case .segments:
                return Attribution(segment: SegmentAttribution(segmentID: id, roadName: "", chiefID: category, distanceMeters: 0))
            case .grids:
                return (try? GridCode(parsing: id)).map { Attribution(gridCode: $0) }
            default:
                return nil
            }
        }
    }
}

extension PersonalData {
    /// A value an answer builds from a domain entity (a case, a chief) as `reader` may see it,
    /// deciding on where the entity lies. `member` is the name the value is served under when it
    /// decides what is personal (a `name` is a person's only inside `chief`).
    public static func disclosed(_ value: JSONValue, as member: String? = nil, at attribution: Attribution?, layer: Layer, id: String,
                                 to reader: Principal = Disclosure.reader) -> JSONValue {
        let redacted = redacted(value, under: member, inExtra: false)
        guard redacted != value else { return value }
        if AccessPolicy.allows(.seePersonalData, by: reader, at: attribution) {
            Disclosure.shown?.note(layer.rawValue, id)
            return value
        }
        return redacted
    }
}
