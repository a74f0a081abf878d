@testable import CityServer
import Foundation
import Testing
import TestSupport

/// The server decodes query strings byte by byte; Foundation's form decoding (`+` → space, then
/// `removingPercentEncoding`) is the independent reading they must agree with, except that escapes
/// which are not UTF-8 are refused rather than replaced.
@Suite struct QueryDecodingTests {
    @Test func agreesWithFoundationOnRandomComponents() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["SEED"] ?? "") ?? 20261129
        print("QueryDecodingTests seed \(seed)")
        var rng = SplitMix64(seed: seed)
        let alphabet = Array("abcXYZ019-._~+%&=/ 网格".utf8) + [0xE7, 0xBD, 0x91]
        let hex = Array("0123456789abcdefABCDEFG".utf8)
        var decodedCount = 0, refusedCount = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 12) {
                if rng.next() % 3 == 0 {
                    bytes.append(UInt8(ascii: "%"))
                    for _ in 0..<Int(rng.next() % 3) { bytes.append(hex[Int(rng.next() % UInt64(hex.count))]) }
                } else {
                    bytes.append(alphabet[Int(rng.next() % UInt64(alphabet.count))])
                }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            var expected = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            // Foundation on Linux decodes escapes that are not UTF-8 to U+FFFD; the server refuses them.
            if expected?.contains("\u{FFFD}") == true { expected = nil }
            let actual = try? QueryParameters.decode(Substring(text), what: "p")
            #expect(actual == expected, "\(text.debugDescription)")
            if actual == nil { refusedCount += 1 } else { decodedCount += 1 }
        }
        #expect(decodedCount > 1000 && refusedCount > 1000)
    }

    @Test func namesTheParameterOfABadEscape() {
        #expect(refusal("q=%E7%BD") == "value of q|%E7%BD|percent-encoding is not UTF-8")
        #expect(refusal("k=1%2") == "value of k|1%2|malformed percent-encoding")
        #expect((try? QueryParameters(query: "road=%E5%BB%B6%E5%AE%89+%E8%B7%AF"))?["road"] == "延安 路")
    }

    private func refusal(_ query: String) -> String? {
        do {
            _ = try QueryParameters(query: query)
            return nil
        } catch {
            guard case .invalidParameter(let name, let value, let reason) = error else { return "\(error)" }
            return "\(name)|\(value)|\(reason)"
        }
    }
}
