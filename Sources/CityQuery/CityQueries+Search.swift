import CityModel
import CityStore
import Foundation

extension CityQueries {
    /// The most search results one question returns: the search box shows a short list.
    public static let searchLimit = 1...200

    /// Features whose names, addresses, ids or other texts contain `text` (the store's trigram
    /// index: substrings of Chinese work, best matches first), of one layer or all.
    public func search(_ text: String, layer: Layer? = nil, limit: Int = 20) throws -> [CityFeature] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CityQueryError.badParameter(name: "q", value: text, reason: "required, not blank") }
        guard Self.searchLimit.contains(limit) else {
            throw CityQueryError.badParameter(name: "limit", value: "\(limit)",
                                              reason: "must be between \(Self.searchLimit.lowerBound) and \(Self.searchLimit.upperBound)")
        }
        // Twice the hits asked for, so that hits dropped below still leave a full list.
        let hits = try store.search(trimmed, layer: layer, limit: limit * 2)
        let found = store.read { view in hits.compactMap { view[$0.layer].feature(id: $0.id).map(CityFeature.init) } }
        // A hit the reader may see only masked must match in what it sees: searching for a phone
        // number must not tell who has it.
        let needle = trimmed.lowercased()
        return Array(found.filter { feature in
            let seen = feature.disclosed()
            return seen.properties == feature.properties || feature.id.lowercased().contains(needle)
                || String(decoding: seen.properties, as: UTF8.self).lowercased().contains(needle)
        }.prefix(limit))
    }
}
