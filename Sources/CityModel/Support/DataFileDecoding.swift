import Foundation

/// Decodes one of CityModel's JSON data files, turning `DecodingError` into
/// `CityModelError.badDataFile` with the JSON path of the bad value.
func decodeDataFile<T: Decodable>(_ type: T.Type, from data: Data, source: String) throws -> T {
    do {
        return try JSONDecoder().decode(T.self, from: data)
    } catch let error as DecodingError {
        switch error {
        case .typeMismatch(let expected, let context):
            throw CityModelError.badDataFile(source: source, path: jsonPath(context.codingPath),
                                             problem: "expected \(expected): \(context.debugDescription)")
        case .valueNotFound(_, let context):
            throw CityModelError.badDataFile(source: source, path: jsonPath(context.codingPath),
                                             problem: "value is null or missing: \(context.debugDescription)")
        case .keyNotFound(let key, let context):
            throw CityModelError.badDataFile(source: source, path: jsonPath(context.codingPath + [key]),
                                             problem: "required key \"\(key.stringValue)\" is missing")
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.localizedDescription ?? ""
            throw CityModelError.badDataFile(source: source, path: jsonPath(context.codingPath),
                                             problem: [context.debugDescription, underlying].filter { !$0.isEmpty }.joined(separator: ": "))
        @unknown default:
            throw CityModelError.badDataFile(source: source, path: "", problem: "\(error)")
        }
    }
}

/// `caseTypes[3].deadline.unit` from a coding path.
func jsonPath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
    }
    return text
}

/// Reads a data file bundled with CityModel (`Sources/CityModel/Resources`).
func bundledDataFile(_ name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
        throw CityModelError.badDataFile(source: "\(name).json", path: "", problem: "not found in the CityModel bundle")
    }
    do { return try Data(contentsOf: url) } catch {
        throw CityModelError.badDataFile(source: "\(name).json", path: "", problem: "cannot be read: \(error.localizedDescription)")
    }
}
