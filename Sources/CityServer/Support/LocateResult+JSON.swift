import CityModel
import CityQuery
import GeoCore

/// The locate answer as JSON, from `LocateResult`'s Codable conformance, the one place its
/// members are declared, through `SortedJSONEncoder` and GeoCore's parser: encoding through
/// Foundation's JSONEncoder and parsing the bytes back was a third of what a locate request cost.
/// A test holds the object equal to Foundation's encoding of the same answer.
extension LocateResult {
    var jsonObject: JSONObject {
        var encoder = SortedJSONEncoder.city
        // As a `JSONValue` writes them; the Codable encoding then cannot fail, and the parser
        // reads what the encoder writes.
        encoder.writesNonFiniteAsNull = true
        do {
            return try JSONValue(parsing: encoder.encode(self)).objectValue ?? [:]
        } catch {
            preconditionFailure("LocateResult encodes without failing: \(error)")
        }
    }
}
