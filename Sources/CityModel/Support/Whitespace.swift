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
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Whether the text is empty or only white space.
    public var isBlank: Bool { unicodeScalars.allSatisfy(isSpace) }
}

private func isSpace(_ c: Unicode.Scalar) -> Bool {
    c.properties.isWhitespace || c == "\u{200B}"
}
