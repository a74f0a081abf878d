/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
/// 2014): the project's one seeded generator, for the district generator, the patrol solver's
/// restarts and every random test, so that the same seed gives the same district, plan and test on
/// every machine and Swift version. It lives in the floor module because everything that draws
/// depends on GeoCore already. `SystemRandomNumberGenerator` and the standard library's
/// `random(in:)` algorithms are avoided where output must be replayable: their draws are not
/// specified across releases.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The seed the generator started from, for messages that let a run be replayed.
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

    /// Uniform in [0, 1) from the top 53 bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// The generator's state, for deriving independent streams from it.
    public var currentState: UInt64 { state }
}
