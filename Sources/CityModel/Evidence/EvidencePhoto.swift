import Foundation

/// When in a case's life a photo was taken: with the report, before handling (处置前), after
/// handling (处置后), or for a dossier record (一店一档, 一户一档).
public enum PhotoStage: String, Codable, Sendable, CaseIterable, Hashable {
    case report, before, after, record

    public var labelZH: String {
        switch self {
        case .report: "上报"
        case .before: "处置前"
        case .after: "处置后"
        case .record: "档案"
        }
    }
}

/// A photo kept as evidence on a case or a dossier. The image itself is stored by its SHA-256
/// (content-addressed, once however often it is attached); this is what the case or dossier
/// says of it: when and where it was taken by its own EXIF, and what the verifier should know.
public struct EvidencePhoto: Codable, Sendable, Hashable {
    /// Lower-case hex SHA-256 of the original bytes as uploaded: the photo's identity.
    public var sha256: String
    /// The original's media type, told from its bytes (never from the name or the client's claim).
    public var mediaType: String
    /// The original's size once upright.
    public var width: Int
    public var height: Int
    public var byteCount: Int
    public var stage: PhotoStage
    /// From the photo's EXIF (DateTimeOriginal): nil when it carries none.
    public var takenAt: Date?
    /// From the photo's EXIF GPS, WGS-84 [longitude, latitude]: nil when it carries none.
    public var position: [Double]?
    public var uploadedAt: Date
    public var uploadedBy: String
    /// What the location and time checks found, for the verifier (empty when all is well).
    public var checks: [PhotoCheck]

    public init(sha256: String, mediaType: String, width: Int, height: Int, byteCount: Int, stage: PhotoStage,
                takenAt: Date?, position: [Double]?, uploadedAt: Date, uploadedBy: String, checks: [PhotoCheck]) {
        self.sha256 = sha256
        self.mediaType = mediaType
        self.width = width
        self.height = height
        self.byteCount = byteCount
        self.stage = stage
        self.takenAt = takenAt
        self.position = position
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
        self.checks = checks
    }
}

/// One finding about where or when a photo was taken.
public struct PhotoCheck: Codable, Sendable, Hashable {
    public enum Code: String, Codable, Sendable, CaseIterable {
        /// Taken farther from the case (or the dossier's entity) than the configured distance.
        case farFromPlace
        /// Taken before the case was reported (beyond the allowed slack).
        case takenBeforeReport
        /// Taken after the case was closed.
        case takenAfterClose
        /// The photo carries no GPS position: where it was taken cannot be checked.
        case noPosition
        /// The photo carries no time: when it was taken cannot be checked.
        case noTime
    }

    public var code: Code
    /// For people: "photo taken 340 m away".
    public var message: String
    /// For `farFromPlace`: how far, in metres.
    public var distanceMeters: Double?

    public init(code: Code, message: String, distanceMeters: Double? = nil) {
        self.code = code
        self.message = message
        self.distanceMeters = distanceMeters
    }

    /// Whether the verifier should look twice (a missing position or time is only a note).
    public var isWarning: Bool { code == .farFromPlace || code == .takenBeforeReport || code == .takenAfterClose }
}

/// An entity's photos, written only when there are some: the cases and shops stored before
/// photos existed read as having none, and a shop without photos is stored as it was.
@propertyWrapper
public struct EvidencePhotos: Codable, Sendable, Hashable {
    public var wrappedValue: [EvidencePhoto]
    public init(wrappedValue: [EvidencePhoto] = []) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws { wrappedValue = try [EvidencePhoto](from: decoder) }
    public func encode(to encoder: any Encoder) throws { try wrappedValue.encode(to: encoder) }
}

extension KeyedDecodingContainer {
    public func decode(_ type: EvidencePhotos.Type, forKey key: Key) throws -> EvidencePhotos {
        try decodeIfPresent(type, forKey: key) ?? EvidencePhotos()
    }
}

extension KeyedEncodingContainer {
    public mutating func encode(_ value: EvidencePhotos, forKey key: Key) throws {
        if !value.wrappedValue.isEmpty { try encode(value.wrappedValue, forKey: key) }
    }
}

extension Array where Element == EvidencePhoto {
    /// Adds `photo` unless the same image is already there at the same stage (an upload sent
    /// twice, or retried from a queue): true when it was added.
    public mutating func attach(_ photo: EvidencePhoto) -> Bool {
        guard !contains(where: { $0.sha256 == photo.sha256 && $0.stage == photo.stage }) else { return false }
        append(photo)
        return true
    }
}
