import CityModel
import CityStore
import Crypto
import Foundation
import ImageKit

/// `<base>.photos.csv`: the evidence photos of a cases, storefronts or structures layer, one row
/// per photo, and beside it the `photos/` folder with each photo's original bytes named by their
/// SHA-256 (`citygrid export … --with-photos` writes both). The table restores what the case or
/// dossier said of each photo (stage, EXIF time and place, checks, who filed it when); the
/// folder's bytes go into the store's photo folder before the import commits, each checked
/// against its name, so no imported case names a photo the store does not have.
struct PhotoTable: Sendable {
    /// PHOTO_LON and PHOTO_LAT rather than LON and LAT, which a CSV reader takes for a point layer's coordinates.
    static let columns = ["ENTITY_ID", "PHOTO", "STAGE", "MEDIA_TYPE", "WIDTH", "HEIGHT", "BYTES", "TAKEN_AT", "PHOTO_LON", "PHOTO_LAT",
                          "UPLOADED_AT", "UPLOADED_BY", "CHECKS"]
    static let layers: Set<Layer> = [.cases, .storefronts, .structures]

    let path: String
    let layer: Layer
    private(set) var byID: [String: [EvidencePhoto]] = [:]
    private var ids: [(line: Int, id: String)] = []

    init(path: String, layer: Layer) throws(CityImportError) {
        self.path = path
        self.layer = layer
        var byID: [String: [EvidencePhoto]] = [:]
        var ids: [(line: Int, id: String)] = []
        try SideTables.forEachRow(path, layer: layer, columns: ["ENTITY_ID", "PHOTO", "STAGE", "MEDIA_TYPE", "UPLOADED_AT"]) { line, cells throws(CityImportError) in
            let id = cells["ENTITY_ID"] ?? ""
            func bad(_ reason: String) -> CityImportError { .badSideTableRow(path: path, line: line, entity: id.isEmpty ? "(no id)" : id, reason: reason) }
            func integer(_ column: String) throws(CityImportError) -> Int {
                guard let v = Int(cells[column] ?? ""), v > 0 else { throw bad("\(column) '\(cells[column] ?? "")' is not a positive whole number") }
                return v
            }
            func date(_ column: String) throws(CityImportError) -> Date? {
                let text = cells[column] ?? ""
                if text.isEmpty { return nil }
                guard let d = CityTime.parse(text) else { throw bad("\(column) '\(text)' is not an ISO 8601 date-time") }
                return d
            }
            let sha = cells["PHOTO"] ?? ""
            guard PhotoLibrary.isPhotoID(sha) else { throw bad("PHOTO '\(sha)' is not a SHA-256 (64 lower-case hex digits)") }
            guard let stage = PhotoStage(rawValue: cells["STAGE"] ?? "") else {
                throw bad("STAGE '\(cells["STAGE"] ?? "")' is not one of \(PhotoStage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let uploadedAt = try date("UPLOADED_AT") else { throw bad("UPLOADED_AT is empty") }
            var position: [Double]?
            if let lon = cells["PHOTO_LON"], let lat = cells["PHOTO_LAT"], !lon.isEmpty || !lat.isEmpty {
                guard let x = Double(lon), let y = Double(lat), abs(x) <= 180, abs(y) <= 90 else { throw bad("PHOTO_LON, PHOTO_LAT '\(lon), \(lat)' is not a WGS-84 position") }
                position = [x, y]
            }
            var checks: [PhotoCheck] = []
            if let text = cells["CHECKS"], !text.isEmpty {
                do { checks = try JSONDecoder().decode([PhotoCheck].self, from: Data(text.utf8)) } catch {
                    throw bad("CHECKS is not a JSON array of {code, message, distanceMeters}: \(error)")
                }
            }
            let photo = EvidencePhoto(sha256: sha, mediaType: cells["MEDIA_TYPE"] ?? "", width: try integer("WIDTH"), height: try integer("HEIGHT"),
                                      byteCount: try integer("BYTES"), stage: stage, takenAt: try date("TAKEN_AT"), position: position,
                                      uploadedAt: uploadedAt, uploadedBy: cells["UPLOADED_BY"] ?? "", checks: checks)
            if byID[id] == nil { ids.append((line, id)) }
            byID[id, default: []].append(photo)
        }
        self.byID = byID
        self.ids = ids
    }

    func apply(to entity: inout LayerEntity) -> PreparedSideTable.Rows {
        guard let photos = byID[entity.id] else { return .init() }
        switch entity {
        case .violationCase(var c): c.photos = photos; entity = .violationCase(c)
        case .storefront(var s): s.photos = photos; entity = .storefront(s)
        case .structure(var s): s.photos = photos; entity = .structure(s)
        default: return .init()
        }
        return .init(matched: true)
    }

    func unmatched(_ matched: Set<String>) -> CityImportError? {
        guard let (line, id) = ids.first(where: { !matched.contains($0.id) }) else { return nil }
        return .badSideTableRow(path: path, line: line, entity: id.isEmpty ? "(no id)" : id, reason: "no \(layer.rawValue) record has id \(id)")
    }

    /// The table's rows for exported features.
    static func rows(_ photos: [(entity: String, photo: EvidencePhoto)]) -> [[String]] {
        [columns] + photos.map { e, p in
            let checks = (try? String(decoding: JSONEncoder().encode(p.checks), as: UTF8.self)) ?? "[]"
            return [e, p.sha256, p.stage.rawValue, p.mediaType, "\(p.width)", "\(p.height)", "\(p.byteCount)",
                    p.takenAt.map(CityTime.timestamp) ?? "", p.position.map { "\($0[0])" } ?? "", p.position.map { "\($0[1])" } ?? "",
                    CityTime.timestamp(p.uploadedAt), p.uploadedBy, p.checks.isEmpty ? "" : checks]
        }
    }

    /// Puts the photos the table names into `library` from the `photos/` folder beside it, before
    /// the import commits: each file's SHA-256 must be its name, and each must decode (its
    /// served sizes are made again). Photos the library has already are left alone.
    func stageBytes(into library: PhotoLibrary?) throws(CityImportError) {
        let folder = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("photos")
        for sha in Set(byID.values.joined().map(\.sha256)).sorted() {
            if library?.contains(sha) == true { continue }
            guard let library else {
                throw .badArgument(parameter: "store", reason: "\(path) names photos, and this store has no photo folder (set CITYGRID_PHOTOS)")
            }
            let file = (folder as NSString).appendingPathComponent(sha)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .badArgument(parameter: "photos", reason: "\(path) names photo \(sha), which is neither in \(folder) nor in the store's photo folder (export with --with-photos)")
            }
            let bytes = [UInt8](data)
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            guard digest == sha else { throw .badArgument(parameter: "photos", reason: "\(file): its SHA-256 is \(digest), not its name") }
            let renditions: PhotoRenditions
            do { renditions = try PhotoRenditions.make(from: bytes) } catch {
                throw .badArgument(parameter: "photos", reason: "\(file): \(error)")
            }
            do { try library.put(sha, [.original: bytes, .thumbnail: renditions.thumbnail]) } catch {
                throw .store(reason: "\(error)")
            }
        }
    }
}
