import CityModel
import GeoCore

/// Evidence photos over HTTP (`PhotosController`, `PhotoJSON`).
extension Schemas {
    static let photo = S.object([
        "id": ["type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256 of the original bytes"],
        "url": S.string, "thumbnailUrl": S.string,
        "stage": S.oneOf(PhotoStage.allCases.map(\.rawValue)), "stageZH": S.string,
        "mediaType": S.oneOf(["image/jpeg", "image/png", "image/webp", "image/heic"]),
        "width": ["type": "integer", "minimum": 1], "height": ["type": "integer", "minimum": 1],
        "byteCount": ["type": "integer", "minimum": 1],
        "takenAt": ["type": ["string", "null"], "format": "date-time", "description": "From the photo's EXIF; null when it has none"],
        "position": ["type": ["array", "null"], "items": S.number, "minItems": 2, "maxItems": 2,
                     "description": "WGS-84 [longitude, latitude] from the photo's EXIF GPS; null when it has none"],
        "uploadedAt": S.dateTime, "uploadedBy": S.string,
        "checks": S.array(S.object(["code": S.oneOf(PhotoCheck.Code.allCases.map(\.rawValue)), "message": S.string,
                                    "warning": S.boolean, "distanceMeters": S.number],
                                   required: ["code", "message", "warning"])),
        "flagged": ["type": "boolean", "description": "Whether a check asks the verifier to look twice"],
    ], required: ["id", "url", "thumbnailUrl", "stage", "stageZH", "mediaType", "width", "height", "byteCount", "takenAt",
                  "position", "uploadedAt", "uploadedBy", "checks", "flagged"],
       description: "An evidence photo, with where and when its EXIF says it was taken and what the checks found")

    static let photoUploadForm = S.object([
        "photo": ["type": "string", "contentMediaType": "image/jpeg", "description": "The image file (JPEG, PNG, WebP or HEIC)"],
        "stage": S.oneOf(PhotoStage.allCases.map(\.rawValue)),
    ], required: ["photo"])
}
