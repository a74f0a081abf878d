/// The image formats a photo may come in, told by their leading bytes: a file's name and the
/// client's Content-Type are claims, the signature is what the decoder will meet.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp, heic

    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .heic: "image/heic"
        }
    }

    /// The format whose signature `bytes` start with, or nil.
    public init?(sniffing bytes: [UInt8]) {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) {
            self = .webp
        } else if starts(Array("ftyp".utf8), at: 4),
                  ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].contains(where: { starts(Array($0.utf8), at: 8) }) {
            self = .heic
        } else {
            return nil
        }
    }

    /// The first bytes in hex, for an error that says what the file actually starts with.
    public static func signature(of bytes: [UInt8]) -> String {
        bytes.prefix(8).map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined(separator: " ")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
