/// Why a photo could not be taken in. Each says what was wrong with the bytes, so the HTTP layer
/// can name the part and answer 415 or 422 without guessing.
public enum ImageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No JPEG, PNG, WebP or HEIC signature: the file starts with `signature` (hex).
    case unsupportedFormat(signature: String)
    /// The signature matched but the image does not decode (truncated, corrupt).
    case undecodable(format: ImageFormat, reason: String)
    /// No bytes at all.
    case empty

    public var description: String {
        switch self {
        case .unsupportedFormat(let signature):
            "not a JPEG, PNG, WebP or HEIC image (it starts with \(signature))"
        case .undecodable(let format, let reason):
            "a \(format.rawValue.uppercased()) that does not decode: \(reason)"
        case .empty:
            "an empty file"
        }
    }
}
