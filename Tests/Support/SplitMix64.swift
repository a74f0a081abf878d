import Foundation

/// SplitMix64 (Steele, Lea and Flood, 2014): a small seeded generator, the same on every platform,
/// so that every random test can be replayed from the seed it prints. The one copy every test
/// target uses.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The seed the generator started from, for messages.
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n (modulo bias below 2^-40 for the n tests use).
    public mutating func next(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A double in [0, 1) from the top 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}

/// The seed of a random test: `$SEED` when set (to replay a failure), else `fallback`, else a
/// fresh one; always printed with the test's name.
public enum TestSeed {
    public static func value(_ test: String, default fallback: UInt64? = nil) -> UInt64 {
        let seed = ProcessInfo.processInfo.environment["SEED"].flatMap(UInt64.init) ?? fallback ?? UInt64.random(in: 1...(UInt64(1) << 48))
        print("\(test): SEED=\(seed)")
        return seed
    }
}
