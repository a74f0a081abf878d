import Testing
import TestSupport
@testable import GeoCore

/// Random mutations of valid WKT, JSON and GeoJSON text: readers may accept or reject, never trap.
@Suite struct GarbageTests {
    static let alphabet = Array("()[]{},:;\" .-+eE0123456789EMPTYZMnaif\\u\t".utf8) + [0x00, 0xC3, 0xFF]

    func mutations(of texts: [String], seed: UInt64, label: String, _ body: ([UInt8]) -> Bool) {
        var rng = SplitMix64(seed: TestSeed.value(label, default: seed))
        var accepted = 0
        for _ in 0..<10_000 {
            var bytes = Array(texts[Int.random(in: 0..<texts.count, using: &rng)].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &rng)]
                case 1: bytes.remove(at: at)
                default: bytes = Array(bytes.prefix(at))
                }
            }
            if body(bytes) { accepted += 1 }
        }
        print("\(label): \(accepted) of 10000 mutated inputs still parsed")
    }

    @Test func mutatedWKTNeverCrashes() {
        mutations(of: Samples.all.map { $0.geometry.ewkt(srid: 4326) }, seed: 17, label: "WKT garbage") { bytes in
            (try? Geometry.parseEWKT(String(decoding: bytes, as: UTF8.self))) != nil
        }
    }

    @Test func mutatedGeoJSONNeverCrashes() {
        let texts = Samples.all.map { Feature(id: "a\u{4E2D}", geometry: $0.geometry, properties: ["k": [1.5, "v\n"]]).geoJSONString }
        mutations(of: texts, seed: 23, label: "GeoJSON garbage") { bytes in
            (try? JSONValue(parsing: bytes)).map { (try? Feature(geoJSON: $0)) != nil } ?? false
        }
    }
}
