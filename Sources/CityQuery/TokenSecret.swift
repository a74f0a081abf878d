import Crypto
import Foundation

/// The secrets that open accounts, and the digests the store keeps instead of them.
///
/// A new secret is `cg_` and 32 bytes from `SystemRandomNumberGenerator` (getrandom(2) on
/// Linux, arc4random_buf on Apple's systems) in base64url without padding: 43 characters, 256
/// bits, which no one guesses, so a plain SHA-256 (swift-crypto) serves as the digest; a slow
/// password hash would only add latency to every request. The prefix lets secret scanners and
/// people tell a CityGrid token in a log or a paste.
public enum TokenSecret {
    public static let prefix = "cg_"
    /// Secrets given by hand (the sample's demonstration accounts) are at least this long.
    public static let minimumGivenLength = 16

    public static func generate() -> String {
        var random = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            withUnsafeBytes(of: random.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return prefix + base64URL(bytes)
    }

    /// SHA-256 of the secret's UTF-8, lower-case hex: what `AccountToken.digest` holds.
    public static func digest(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// RFC 4648 §5, without padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A short random id with a prefix (`t-5f2c9a01`): public, never a secret.
    static func randomID(_ prefix: String) -> String {
        let n = UInt32.random(in: 0...UInt32.max)
        let hex = String(n, radix: 16)
        return prefix + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
