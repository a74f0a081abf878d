import Foundation
// Re-exported so that every test target drawing from the generator gets it with TestSupport.
@_exported import GeoCore

/// The draws tests make on GeoCore's `SplitMix64`, the one generator the project has.
extension SplitMix64 {
    /// A number in 0..<n (modulo bias below 2^-40 for the n tests use).
    public mutating func next(_ n: Int) -> Int { Int(next() % UInt64(n)) }
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
