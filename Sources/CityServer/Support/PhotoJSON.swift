import CityModel
import CityQuery
import GeoCore

/// An evidence photo as the API shows it, wherever it appears (a case, a dossier, an upload's
/// answer): its id is its SHA-256, and it is fetched at `url` (about 1,600 px) and `thumbnailUrl`
/// (about 320 px), both without metadata. The original, which still carries its EXIF, is not
/// served.
enum PhotoJSON {
    static func url(_ sha256: String) -> String { "/api/v1/photos/\(sha256)" }
    static func thumbnailURL(_ sha256: String) -> String { "/api/v1/photos/\(sha256)/thumbnail" }

    static func value(_ p: EvidencePhoto) -> JSONValue {
        .object([
            "id": .string(p.sha256), "url": .string(url(p.sha256)), "thumbnailUrl": .string(thumbnailURL(p.sha256)),
            "stage": .string(p.stage.rawValue), "stageZH": .string(p.stage.labelZH), "mediaType": .string(p.mediaType),
            "width": .number(Double(p.width)), "height": .number(Double(p.height)), "byteCount": .number(Double(p.byteCount)),
            "takenAt": p.takenAt.map { .string(CityTime.timestamp($0)) } ?? .null,
            "position": p.position.map { .array($0.map(JSONValue.number)) } ?? .null,
            "uploadedAt": .string(CityTime.timestamp(p.uploadedAt)), "uploadedBy": .string(p.uploadedBy),
            "checks": .array(p.checks.map { c in
                var o: JSONObject = ["code": .string(c.code.rawValue), "message": .string(c.message), "warning": .bool(c.isWarning)]
                if let d = c.distanceMeters { o["distanceMeters"] = .number(d) }
                return .object(o)
            }),
            "flagged": .bool(p.checks.contains(where: \.isWarning)),
        ])
    }

    static func list(_ photos: [EvidencePhoto]) -> JSONValue { .array(photos.map(value)) }
}
