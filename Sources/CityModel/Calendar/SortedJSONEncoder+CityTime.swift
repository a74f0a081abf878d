import GeoCore

extension SortedJSONEncoder {
    /// CityGrid's encoder: times as `CityTime.timestamp` writes them, the one spelling of a time
    /// (what `CityTime.encodingStrategy` gives Foundation's JSONEncoder). Stored entities and
    /// answers derived from Codable types are written with it.
    public static let city = SortedJSONEncoder(dateText: { CityTime.timestamp($0) })
}
