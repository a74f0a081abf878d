/// Hilbert-curve ordering for the bulk load: a 16-bit-per-axis Hilbert index per item, then an LSD
/// radix sort (3 passes of 11 bits) instead of a comparison sort, so ordering 10^6 items costs a few
/// linear passes rather than n log n comparisons through closures.
enum HilbertOrder {
    /// Hilbert index of (x, y) on a 65536 × 65536 grid; the branch-free algorithm of
    /// "Fast Hilbert curve" (threadlocalmutex.com), as flatbush uses it.
    @inline(__always)
    static func index(_ x: UInt32, _ y: UInt32) -> UInt32 {
        var a = x ^ y
        var b = 0xFFFF ^ a
        var c = 0xFFFF ^ (x | y)
        var d = x & (y ^ 0xFFFF)

        var A = a | (b >> 1)
        var B = (a >> 1) ^ a
        var C = ((c >> 1) ^ (b & (d >> 1))) ^ c
        var D = ((a & (c >> 1)) ^ (d >> 1)) ^ d

        a = A; b = B; c = C; d = D
        A = (a & (a >> 2)) ^ (b & (b >> 2))
        B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2))
        C ^= (a & (c >> 2)) ^ (b & (d >> 2))
        D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2))

        a = A; b = B; c = C; d = D
        A = (a & (a >> 4)) ^ (b & (b >> 4))
        B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4))
        C ^= (a & (c >> 4)) ^ (b & (d >> 4))
        D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4))

        a = A; b = B; c = C; d = D
        C ^= (a & (c >> 8)) ^ (b & (d >> 8))
        D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8))

        a = C ^ (C >> 1)
        b = D ^ (D >> 1)

        var i0 = x ^ y
        var i1 = b | (0xFFFF ^ (i0 | a))

        i0 = (i0 | (i0 << 8)) & 0x00FF_00FF
        i0 = (i0 | (i0 << 4)) & 0x0F0F_0F0F
        i0 = (i0 | (i0 << 2)) & 0x3333_3333
        i0 = (i0 | (i0 << 1)) & 0x5555_5555

        i1 = (i1 | (i1 << 8)) & 0x00FF_00FF
        i1 = (i1 | (i1 << 4)) & 0x0F0F_0F0F
        i1 = (i1 | (i1 << 2)) & 0x3333_3333
        i1 = (i1 | (i1 << 1)) & 0x5555_5555

        return (i1 << 1) | i0
    }

    /// Sorts `keys` (Hilbert index in the high 32 bits, item position in the low 32) by the high
    /// 32 bits, stably, using `scratch` (same count) as the second buffer. The result is in `keys`.
    static func radixSort(_ keys: inout [UInt64], scratch: inout [UInt64]) {
        let n = keys.count
        if n < 2 { return }
        let shifts: [UInt64] = [32, 43, 54]
        let widths: [UInt64] = [11, 11, 10]
        var counts = [Int](repeating: 0, count: 2048)
        var inKeys = true
        for pass in 0..<3 {
            let shift = shifts[pass], mask = (UInt64(1) << widths[pass]) - 1
            keys.withUnsafeMutableBufferPointer { k in
                scratch.withUnsafeMutableBufferPointer { s in
                    counts.withUnsafeMutableBufferPointer { c in
                        let src = inKeys ? k : s
                        let dst = inKeys ? s : k
                        for i in 0..<c.count { c[i] = 0 }
                        for i in 0..<n { c[Int((src[i] >> shift) & mask)] += 1 }
                        var sum = 0
                        for i in 0..<c.count { let t = c[i]; c[i] = sum; sum += t }
                        for i in 0..<n {
                            let v = src[i]
                            let bucket = Int((v >> shift) & mask)
                            dst[c[bucket]] = v
                            c[bucket] += 1
                        }
                    }
                }
            }
            inKeys.toggle()
        }
        // Three passes leave the result in scratch.
        swap(&keys, &scratch)
    }
}
