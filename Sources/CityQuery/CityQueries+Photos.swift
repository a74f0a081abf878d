import CityModel
import CityStore
import Crypto
import Foundation
import GeoCore
import ImageKit

/// What a photo is attached to: a case, or a shop's or a structure's dossier.
public enum PhotoSubject: Sendable, Hashable {
    case violationCase(String)
    case dossier(Layer, String)

    var layer: Layer {
        switch self {
        case .violationCase: .cases
        case .dossier(let layer, _): layer
        }
    }

    var id: String {
        switch self {
        case .violationCase(let id), .dossier(_, let id): id
        }
    }
}

/// A photo as it arrives: its bytes, the loop stage it documents, and the name of the request
/// part it came in (`photo`, `body`), which an error about the bytes names.
public struct PhotoUpload: Sendable {
    public var bytes: [UInt8]
    public var stage: PhotoStage
    public var part: String

    public init(bytes: [UInt8], stage: PhotoStage, part: String = "photo") {
        self.bytes = bytes
        self.stage = stage
        self.part = part
    }
}

/// The photo as filed, and whether this upload added it (false: the same image was already
/// there at that stage, as when a queued upload is sent again).
public struct AttachedPhoto: Sendable {
    public var photo: EvidencePhoto
    public var added: Bool
}

extension CityQueries {
    /// Takes in an evidence photo: decides its type from its bytes, reads its EXIF time and GPS
    /// position, makes the served sizes (upright, without metadata), stores the bytes by their
    /// SHA-256, and files the photo on the case or dossier with its location and time checks, in
    /// one transaction with its audit line. The bytes are stored before the description, so a
    /// description never names a photo that is not there; an image stored by a write that then
    /// failed is only an unreferenced file.
    public func attachPhoto(_ upload: PhotoUpload, to subject: PhotoSubject, by caller: Caller,
                            at date: Date = Date()) throws -> AttachedPhoto {
        let action: Action = switch subject {
        case .violationCase: .attachCasePhoto(upload.stage)
        case .dossier(let layer, _): .appendDossierRecord(layer)
        }
        try AccessPolicy.authorize(action, by: caller.principal, at: nil, orSomewhere: true)
        if case .dossier(let layer, _) = subject, layer != .storefronts && layer != .structures {
            throw CityQueryError.badParameter(name: "layer", value: layer.rawValue, reason: "only storefronts and structures keep dossiers")
        }
        if case .dossier = subject, upload.stage != .record {
            throw CityQueryError.badParameter(name: "stage", value: upload.stage.rawValue, reason: "a dossier photo's stage is record")
        }
        guard let library = photos else {
            throw CityQueryError.unavailable(reason: "no photo folder for this store: set CITYGRID_PHOTOS to a folder every node shares")
        }
        let limit = Int(configuration.photoMaxBytes)
        guard upload.bytes.count <= limit else { throw CityQueryError.tooLarge(name: upload.part, limit: limit) }

        let renditions: PhotoRenditions
        do {
            renditions = try PhotoRenditions.make(from: upload.bytes)
        } catch {
            switch error {
            case .unsupportedFormat: throw CityQueryError.unsupportedMediaType(name: upload.part, reason: error.description)
            case .undecodable, .empty: throw CityQueryError.unprocessable(name: upload.part, reason: error.description)
            }
        }
        let sha256 = SHA256.hash(data: upload.bytes).map { String(format: "%02x", $0) }.joined()
        try library.put(sha256, [.original: upload.bytes, .view: renditions.view, .thumbnail: renditions.thumbnail])

        let takenAt = renditions.exif.takenAt(defaultZone: Self.deploymentZone)
        let position = renditions.exif.position
        let working = try position.map { try bridge.toWorking(Point(x: $0.longitude, y: $0.latitude)) }
        let rule = PhotoEvidenceRule(maxDistanceMeters: configuration.photoMaxDistanceMeters,
                                     reportSlack: configuration.photoReportSlackSeconds)
        return try store.update { view in
            guard let feature = view[subject.layer].feature(id: subject.id) else {
                throw CityQueryError.notFound(layer: subject.layer.rawValue, id: subject.id)
            }
            var stored: StoredFeature
            var photo = EvidencePhoto(sha256: sha256, mediaType: renditions.format.mediaType, width: renditions.width,
                                      height: renditions.height, byteCount: upload.bytes.count, stage: upload.stage,
                                      takenAt: takenAt, position: position.map { [$0.longitude, $0.latitude] },
                                      uploadedAt: date, uploadedBy: caller.principal.name, checks: [])
            let added: Bool, filedPhotos: [EvidencePhoto]
            switch subject {
            case .violationCase:
                var c = try feature.decode(ViolationCase.self)
                try AccessPolicy.authorize(action, by: try caller.current(in: view), at: c.attribution)
                photo.checks = rule.checks(distanceMeters: working.map { $0.distance(to: c.point) }, takenAt: takenAt,
                                           openedAt: c.reportedAt, closedAt: c.closedAt)
                added = c.photos.attach(photo)
                filedPhotos = c.photos
                stored = try StoredFeature(c)
            case .dossier(.storefronts, _):
                var shop = try feature.decode(Storefront.self)
                try AccessPolicy.authorize(action, by: try caller.current(in: view), at: shop.attribution)
                let place = shop.footprint.map(Geometry.polygon) ?? .point(shop.point)
                photo.checks = rule.checks(distanceMeters: working.map { place.distance(to: $0) }, takenAt: takenAt,
                                           openedAt: nil, closedAt: nil)
                added = shop.photos.attach(photo)
                filedPhotos = shop.photos
                stored = try StoredFeature(shop)
            case .dossier:
                var structure = try feature.decode(IllegalStructure.self)
                try AccessPolicy.authorize(action, by: try caller.current(in: view), at: structure.attribution)
                photo.checks = rule.checks(distanceMeters: working.map { Geometry.polygon(structure.footprint).distance(to: $0) },
                                           takenAt: takenAt, openedAt: nil, closedAt: nil)
                added = structure.photos.attach(photo)
                filedPhotos = structure.photos
                stored = try StoredFeature(structure)
            }
            let filed = AttachedPhoto(photo: filedPhotos.first { $0.sha256 == sha256 && $0.stage == upload.stage } ?? photo, added: added)
            guard added else { return (WriteBatch(), filed) }
            stored.properties = try Self.keepingExtra(of: feature, in: stored)
            stored.zoneVersion = feature.zoneVersion
            var batch = WriteBatch()
            batch.upsert(stored)
            let findings = photo.checks.filter(\.isWarning).map(\.message)
            batch.record(caller.auditEntry(.photoAttached, subject.layer, subject.id,
                                           "\(upload.stage.rawValue) \(sha256.prefix(12))" + (findings.isEmpty ? "" : ": " + findings.joined(separator: "; ")),
                                           at: date))
            return (batch, filed)
        }
    }

    /// The sizes a photo is served in; the original, which keeps its EXIF, is not one of them.
    public enum ServedSize: String, Sendable {
        case view, thumbnail

        var rendition: PhotoLibrary.Rendition { self == .view ? .view : .thumbnail }
    }

    /// One served size of a photo (JPEG, no metadata), by its SHA-256.
    public func photoBytes(_ sha256: String, _ size: ServedSize) throws -> [UInt8] {
        guard PhotoLibrary.isPhotoID(sha256) else {
            throw CityQueryError.badParameter(name: "photoId", value: sha256, reason: "a photo id is 64 lower-case hex digits (its SHA-256)")
        }
        guard let bytes = photos?.read(sha256, size.rendition) else { throw CityQueryError.notFound(layer: "photos", id: sha256) }
        return bytes
    }

    /// EXIF times without an offset are the phone's wall clock, set to the deployment's zone.
    static let deploymentZone = TimeZone(secondsFromGMT: CityTime.offsetSeconds)!
}
