/// Decimal text <-> Double for the text codecs (WKT, JSON). Reading is correctly rounded: a fast
/// exact path (Clinger: at most 15 significant digits and a power of ten up to 1e22 are both exact
/// doubles, so one IEEE multiply or divide rounds once), otherwise the standard library's parser.
/// Writing is the shortest text that reads back to the same double.
enum DecimalNumber {
    /// Grammar of a scanned number.
    enum Syntax {
        /// RFC 8259: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        case json
        /// WKT as written by GEOS/PostGIS: optional sign, digits with an optional point (either side
        /// may be empty but not both), optional exponent.
        case wkt
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Scans a number starting at `start`. Returns nil when no valid number starts there; the
    /// value may be infinite when the text overflows (callers decide whether that is an error).
    static func scan(_ b: UnsafeBufferPointer<UInt8>, at start: Int, syntax: Syntax) -> (value: Double, end: Int)? {
        let n = b.count
        var i = start
        var negative = false
        if i < n, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        else if syntax == .wkt, i < n, b[i] == UInt8(ascii: "+") { i += 1 }

        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var truncated = false
        var intDigits = 0, fracDigits = 0

        @inline(__always) func take(_ d: UInt64, afterPoint: Bool) {
            if mantissa == 0 && d == 0 {
                if afterPoint { exponent -= 1 }
            } else if significant < 19 {
                mantissa = mantissa &* 10 &+ d
                significant += 1
                if afterPoint { exponent -= 1 }
            } else {
                truncated = true
                if !afterPoint { exponent += 1 }
            }
        }

        let intStart = i
        if syntax == .json && i < n && b[i] == UInt8(ascii: "0") {
            i += 1  // RFC 8259: no leading zeros, so "01" is the number 0 followed by "1"
        } else {
            while i < n, b[i] &- 48 < 10 { take(UInt64(b[i] &- 48), afterPoint: false); i += 1 }
        }
        intDigits = i - intStart
        if syntax == .json && intDigits == 0 { return nil }
        if i < n, b[i] == UInt8(ascii: ".") {
            let fracStart = i + 1
            var j = fracStart
            while j < n, b[j] &- 48 < 10 { take(UInt64(b[j] &- 48), afterPoint: true); j += 1 }
            fracDigits = j - fracStart
            if syntax == .json && fracDigits == 0 { return nil }
            i = j
        }
        if intDigits == 0 && fracDigits == 0 { return nil }
        if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var expNegative = false
            if j < n, b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-") {
                expNegative = b[j] == UInt8(ascii: "-"); j += 1
            }
            let expStart = j
            var e = 0
            while j < n, b[j] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(b[j] &- 48) }
                j += 1
            }
            if j == expStart { return nil }
            exponent += expNegative ? -e : e
            i = j
        }

        if mantissa == 0 { return (negative ? -0.0 : 0.0, i) }
        if !truncated && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / exactPowersOfTen[-exponent] : v * exactPowersOfTen[exponent]
            return (negative ? -v : v, i)
        }
        #if arch(x86_64) || arch(i386)
        if !truncated && exponent >= -27 && exponent <= 27, let v = extendedFastPath(mantissa, exponent) {
            return (negative ? -v : v, i)
        }
        #endif
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        guard let v = Double(text) else { return nil }
        return (v, i)
    }

    #if arch(x86_64) || arch(i386)
    private static let extendedPowersOfTen: [Float80] = (0...27).map { k in
        var p: Float80 = 1
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// 16 to 19 significant digits (what JavaScript and Python write for most coordinates):
    /// the mantissa (< 2^64) and 10^k for k <= 27 (5^27 < 2^64) are exact in the x87 64-bit
    /// significand, so one Float80 operation rounds once. Rounding that to 53 bits is correct unless
    /// the Float80 result sits on (or next to) a halfway point between two doubles, where a second
    /// rounding could go the wrong way: those rare cases return nil and take the exact slow path.
    private static func extendedFastPath(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        let m = Float80(mantissa)
        let r = exponent < 0 ? m / extendedPowersOfTen[-exponent] : m * extendedPowersOfTen[exponent]
        let low = r.significandBitPattern & 0x7FF
        if low >= 0x3FF && low <= 0x401 { return nil }
        let d = Double(r)
        return d.isNormal ? d : nil
    }
    #endif

    /// Shortest round-trip text; integral values below 1e15 without a fraction ("3", not "3.0").
    /// NaN and infinities are written as Swift spells them ("nan", "inf"); codecs never read them.
    static func format(_ v: Double) -> String {
        if v.isFinite && v.rounded(.towardZero) == v && abs(v) < 1e15 {
            return String(Int64(v))
        }
        return v.description
    }

    static func append(_ v: Double, to out: inout [UInt8]) {
        out.append(contentsOf: format(v).utf8)
    }
}
