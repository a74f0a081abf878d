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

/// A photo taken in and stored, not yet filed: its bytes are in the photo folder and what its
/// EXIF says is read, so filing it inside a write costs no decoding under the writers' lock.
struct PreparedPhoto {
    var upload: PhotoUpload
    var sha256: String
    var renditions: PhotoRenditions
    var takenAt: Date?
    var position: (longitude: Double, latitude: Double)?
    /// The position in the working CRS, for distances.
    var working: Point?

    /// The description a case or dossier keeps, with the checks against `place`.
    func evidence(distance place: (Point) -> Double, openedAt: Date?, closedAt: Date?, rule: PhotoEvidenceRule,
                  by caller: Caller, at date: Date) -> EvidencePhoto {
        EvidencePhoto(sha256: sha256, mediaType: renditions.format.mediaType, width: renditions.width, height: renditions.height,
                      byteCount: upload.bytes.count, stage: upload.stage, takenAt: takenAt,
                      position: position.map { [$0.longitude, $0.latitude] }, uploadedAt: date, uploadedBy: caller.principal.name,
                      checks: rule.checks(distanceMeters: working.map(place), takenAt: takenAt, openedAt: openedAt, closedAt: closedAt))
    }
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
        let prepared = try preparePhoto(upload)
        let rule = photoRule
        return try store.update { view in
            guard let feature = view[subject.layer].feature(id: subject.id) else {
                throw CityQueryError.notFound(layer: subject.layer.rawValue, id: subject.id)
            }
            var stored: StoredFeature
            let photo: EvidencePhoto
            let added: Bool, filedPhotos: [EvidencePhoto]
            switch subject {
            case .violationCase:
                var c = try feature.decode(ViolationCase.self)
                try AccessPolicy.authorize(action, by: try caller.current(in: view), at: c.attribution)
                photo = prepared.evidence(distance: { $0.distance(to: c.point) }, openedAt: c.reportedAt, closedAt: c.closedAt,
                                          rule: rule, by: caller, at: date)
                added = c.photos.attach(photo)
                filedPhotos = c.photos
                stored = try StoredFeature(c)
            case .dossier(.storefronts, _):
                var shop = try feature.decode(Storefront.self)
                try AccessPolicy.authorize(action, by: try caller.current(in: view), at: shop.attribution)
                let place = shop.footprint.map(Geometry.polygon) ?? .point(shop.point)
                photo = prepared.evidence(distance: { place.distance(to: $0) }, openedAt: nil, closedAt: nil, rule: rule, by: caller, at: date)
                added = shop.photos.attach(photo)
                filedPhotos = shop.photos
                stored = try StoredFeature(shop)
            case .dossier:
                var structure = try feature.decode(IllegalStructure.self)
                try AccessPolicy.authorize(action, by: try caller.current(in: view), at: structure.attribution)
                let place = Geometry.polygon(structure.footprint)
                photo = prepared.evidence(distance: { place.distance(to: $0) }, openedAt: nil, closedAt: nil, rule: rule, by: caller, at: date)
                added = structure.photos.attach(photo)
                filedPhotos = structure.photos
                stored = try StoredFeature(structure)
            }
            let filed = AttachedPhoto(photo: filedPhotos.first { $0.sha256 == photo.sha256 && $0.stage == upload.stage } ?? photo, added: added)
            guard added else { return (WriteBatch(), filed) }
            stored.properties = try Self.keepingExtra(of: feature, in: stored)
            stored.zoneVersion = feature.zoneVersion
            var batch = WriteBatch()
            batch.upsert(stored)
            batch.record(Self.photoAudit(photo, subject.layer, subject.id, by: caller, at: date))
            return (batch, filed)
        }
    }

    var photoRule: PhotoEvidenceRule {
        PhotoEvidenceRule(maxDistanceMeters: configuration.photoMaxDistanceMeters, reportSlack: configuration.photoReportSlackSeconds)
    }

    /// Checks, decodes and stores a photo's bytes, outside any write: over the size limit is
    /// `tooLarge`, no image `unsupportedMediaType`, an image that does not decode `unprocessable`,
    /// each naming the upload's part.
    func preparePhoto(_ upload: PhotoUpload) throws -> PreparedPhoto {
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
        try library.put(sha256, [.original: upload.bytes, .thumbnail: renditions.thumbnail])
        let position = renditions.exif.position
        return PreparedPhoto(upload: upload, sha256: sha256, renditions: renditions,
                             takenAt: renditions.exif.takenAt(defaultZone: Self.deploymentZone), position: position,
                             working: try position.map { try bridge.toWorking(Point(x: $0.longitude, y: $0.latitude)) })
    }

    /// The audit line of a filed photo, with what its checks found.
    static func photoAudit(_ photo: EvidencePhoto, _ layer: Layer, _ id: String, by caller: Caller, at date: Date) -> AuditEntry {
        let findings = photo.checks.filter(\.isWarning).map(\.message)
        return caller.auditEntry(.photoAttached, layer, id,
                                 "\(photo.stage.rawValue) \(photo.sha256.prefix(12))" + (findings.isEmpty ? "" : ": " + findings.joined(separator: "; ")),
                                 at: date)
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
        if let bytes = photos?.read(sha256, size.rendition) { return bytes }
        // The viewing size is made on first request, from the original (and kept).
        guard size == .view, let library = photos, let original = library.read(sha256, .original) else {
            throw CityQueryError.notFound(layer: "photos", id: sha256)
        }
        let view: [UInt8]
        do { view = try PhotoRenditions.view(of: original) } catch {
            throw CityQueryError.storage(reason: "photo \(sha256): the stored original does not decode: \(error)")
        }
        try library.put(sha256, [.view: view])
        return view
    }

    /// EXIF times without an offset are the phone's wall clock, set to the deployment's zone.
    static let deploymentZone = TimeZone(secondsFromGMT: CityTime.offsetSeconds)!
}
