import CityModel
import Foundation
import Testing

/// `trimmingWhitespace` against Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`, the
/// reading it replaces, on random strings built from white space and text.
@Suite struct WhitespaceTests {
    @Test func agreesWithFoundation() {
        let pieces = [" ", "\t", "\n", "\r\n", "\u{3000}", "\u{00A0}", "\u{2028}", "\u{0085}", "a", "网格", "b c", "\u{200B}", "é",
                      "\u{0301}", "\u{2009}"]  // a combining mark (trimming must not eat it with a space), a thin space
        var state: UInt64 = 20261129
        for _ in 0..<5000 {
            var s = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(state >> 60) { s += pieces[Int((state >> (UInt64(k) * 4)) & 0xF) % pieces.count] }
            #expect(s.trimmingWhitespace() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            #expect(s.isBlank == s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(s.debugDescription)")
        }
    }
}
