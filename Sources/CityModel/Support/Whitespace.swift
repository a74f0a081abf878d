extension String {
    /// The text without leading and trailing white space: Unicode White_Space and the zero-width
    /// space, the set Foundation calls `whitespacesAndNewlines`. Foundation's
    /// `trimmingCharacters(in:)` bridges through NSString on Linux and was a tenth of a
    /// million-record import; this reads the scalars.
    public func trimmingWhitespace() -> String {
        // Most values start and end with a visible ASCII character: nothing to trim.
        if let a = utf8.first, let b = utf8.last, (0x21..<0x7F).contains(a), (0x21..<0x7F).contains(b) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        // Chinese names start and end with ideographs: untouched, so no copy at all; otherwise the
        // slice is copied as UTF-8 (rebuilding it scalar by scalar cost more than the import's
        // whole text decoding).
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(Substring(scalars[first...last]))
    }

    /// Whether the text is empty or only white space.
    public var isBlank: Bool { unicodeScalars.allSatisfy(isSpace) }
}

/// White_Space (PropList.txt) or U+200B. ASCII is answered without the property tables, and so
/// is everything above U+3000 IDEOGRAPHIC SPACE, the highest White_Space code point (the CJK text
/// these files are full of); the property lookup is left for the scalars in between.
@inline(__always)
private func isSpace(_ c: Unicode.Scalar) -> Bool {
    let v = c.value
    if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
    if v > 0x3000 { return false }
    return c.properties.isWhitespace || v == 0x200B
}
