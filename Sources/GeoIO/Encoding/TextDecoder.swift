#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns bytes in one encoding into Swift strings. UTF-8 and ISO-8859-1 are decoded directly;
/// everything else goes through iconv (`iconv_open`/`iconv` from the C library), because
/// Foundation on Linux has no GBK/GB18030 or Big5.
final class TextDecoder {
    let encoding: TextEncoding
    private var converter: iconv_t?

    init(_ encoding: TextEncoding) throws(GeoIOError) {
        self.encoding = encoding
        if encoding.isUTF8 || encoding == .latin1 { return }
        let cd = iconv_open("UTF-8", encoding.iconvName)
        guard let cd, cd != iconv_t(bitPattern: -1) else { throw .unknownEncoding(name: encoding.iconvName) }
        converter = cd
    }

    deinit {
        if let converter { iconv_close(converter) }
    }

    /// The decoded text and whether every byte was valid. Invalid bytes become U+FFFD, so a
    /// caller that carries on still sees where the text went wrong.
    func decode(_ bytes: UnsafeRawBufferPointer) -> (text: String, valid: Bool) {
        if bytes.isEmpty { return ("", true) }
        if encoding.isUTF8 {
            if let s = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) { return (s, true) }
            return (String(decoding: bytes.bindMemory(to: UInt8.self), as: UTF8.self), false)
        }
        if encoding == .latin1 {
            var s = String.UnicodeScalarView()
            for b in bytes { s.append(Unicode.Scalar(b)) }
            return (String(s), true)
        }
        // ASCII is the same in every encoding we map to; skip iconv for it (most fields).
        if !bytes.contains(where: { $0 >= 0x80 }) {
            return (String(decoding: bytes.bindMemory(to: UInt8.self), as: UTF8.self), true)
        }
        return convert(bytes)
    }

    private func convert(_ bytes: UnsafeRawBufferPointer) -> (text: String, valid: Bool) {
        var valid = true
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 2)
        var chunk = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        iconv(converter, nil, nil, nil, nil)  // reset shift state
        var inPtr = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: CChar.self))
        var inLeft = bytes.count
        while inLeft > 0 {
            let produced: Int
            let result: Int
            let err: Int32
            (produced, result, err) = chunk.withUnsafeMutableBytes { out in
                var outPtr: UnsafeMutablePointer<CChar>? = out.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = out.count
                var inOpt: UnsafeMutablePointer<CChar>? = inPtr
                let r = iconv(converter, &inOpt, &inLeft, &outPtr, &outLeft)
                let e = errno
                inPtr = inOpt!
                return (out.count - outLeft, r, e)
            }
            output.append(contentsOf: chunk[0..<produced])
            if result == -1 {
                if err == E2BIG { continue }
                // EILSEQ or EINVAL (a sequence cut short at the end of a fixed-width field):
                // mark it, skip one byte and carry on.
                valid = false
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                inPtr += 1
                inLeft -= 1
                iconv(converter, nil, nil, nil, nil)
            }
        }
        return (String(decoding: output, as: UTF8.self), valid)
    }

    /// True when the bytes decode without error (used to guess an unnamed encoding).
    func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool { decode(bytes).valid }
}
