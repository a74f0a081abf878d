import GeoCore

/// The generator's draws, all on GeoCore's `SplitMix64`: every draw below maps the raw 64 bits
/// itself, so the same seed gives the same district on every machine and Swift version.
extension SplitMix64 {
    /// An independent stream for one part of the district (`"storefronts"`, a district index…), so
    /// that changing how one layer draws never shifts the numbers another layer sees.
    public func stream(_ label: String, _ index: Int = 0) -> SplitMix64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over the label's UTF-8, then the index
        for b in label.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h = (h ^ UInt64(bitPattern: Int64(index))) &* 0x0000_0100_0000_01B3
        var mixer = SplitMix64(seed: currentState ^ h)
        return SplitMix64(seed: mixer.next())
    }

    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// Uniform integer in `range` (Lemire's multiply-shift; the tiny bias is irrelevant here and,
    /// unlike rejection, the draw count is fixed, which keeps streams aligned).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    public mutating func element<T>(of items: [T]) -> T {
        items[int(in: 0...(items.count - 1))]
    }

    /// An index drawn with the given non-negative weights.
    public mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var r = unit() * total
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// Fisher–Yates with this generator's own integer draws.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(in: 0...i))
        }
    }

    /// A count with the given mean, spread evenly over [mean - spread, mean + spread].
    public mutating func count(mean: Double, spread: Double) -> Int {
        max(0, Int((uniform(mean - spread, mean + spread)).rounded()))
    }
}
