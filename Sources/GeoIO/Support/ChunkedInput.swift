#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read forward in fixed-size chunks into a window that drops what has been consumed, so a
/// streaming parser holds one record plus one chunk, whatever the file size.
final class ChunkedInput {
    let path: String
    private let fd: Int32
    private let chunkSize: Int
    /// Unconsumed bytes; `window[start...]` is what the parser has not used yet.
    private(set) var window: [UInt8] = []
    var start = 0
    private(set) var atEOF = false
    /// Bytes dropped from the front of the window so far (for absolute offsets in messages).
    private(set) var dropped = 0

    init(path: String, chunkSize: Int = 1 << 20) throws(GeoIOError) {
        self.path = path
        self.chunkSize = chunkSize
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { throw .fileNotFound(path: path) }
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { close(fd) }

    /// Reads one more chunk; false at end of file.
    @discardableResult
    func fill() throws(GeoIOError) -> Bool {
        guard !atEOF else { return false }
        if start > 0 && start >= window.count / 2 {
            window.removeFirst(start)
            dropped += start
            start = 0
        }
        let old = window.count
        window.append(contentsOf: repeatElement(0, count: chunkSize))
        let n = window.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunkSize) }
        guard n >= 0 else { throw .cannotOpen(path: path, reason: "read: " + String(cString: strerror(errno))) }
        window.removeLast(chunkSize - n)
        if n == 0 { atEOF = true }
        return n > 0
    }

    /// The byte at `start + k`, reading more as needed; nil at end of file.
    func peek(_ k: Int = 0) throws(GeoIOError) -> UInt8? {
        while start + k >= window.count { if try !fill() { return nil } }
        return window[start + k]
    }

    /// Skips JSON whitespace and, for GeoJSON text sequences, the RS (0x1E) record separator.
    func skipWhitespace() throws(GeoIOError) {
        while let b = try peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x1E || (start == 0 && dropped == 0 && b == 0xEF && isBOM()) {
            start += b == 0xEF ? 3 : 1
        }
    }

    private func isBOM() -> Bool {
        window.count >= 3 && window[0] == 0xEF && window[1] == 0xBB && window[2] == 0xBF
    }

    /// The length of the complete JSON value starting at `start` (strings, numbers, literals,
    /// arrays, objects): depth counting that knows about strings and escapes, reading more chunks
    /// until the value ends. Only the extent is found here; GeoCore's JSONParser parses it.
    func valueLength() throws(GeoIOError) -> Int? {
        guard let first = try peek() else { return nil }
        var k = 0, depth = 0, inString = false, escaped = false
        if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "\"") {
            // A scalar: runs to the next delimiter.
            while let b = try peek(k), !(b == 0x2C || b == 0x5D || b == 0x7D || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x1E) { k += 1 }
            return k
        }
        while let b = try peek(k) {
            k += 1
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false; if depth == 0 { return k } }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                if depth == 0 { return k }
            default: break
            }
        }
        return nil  // end of file inside the value
    }

    /// The next `length` bytes, consumed.
    func take(_ length: Int) -> ArraySlice<UInt8> {
        defer { start += length }
        return window[start..<(start + length)]
    }

    var offset: Int { dropped + start }
}
