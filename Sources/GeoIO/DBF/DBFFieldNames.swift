/// dBASE field names are at most 10 bytes. Longer names are cut at a UTF-8 character boundary and
/// collisions (case-insensitive, as GDAL compares them) get `_1`, `_2`... within the 10 bytes,
/// the way GDAL's shapefile driver launders them.
enum DBFFieldNames {
    static let maxBytes = 10

    static func prefix(_ s: String, bytes limit: Int) -> String {
        var out = "", used = 0
        for ch in s {
            let n = String(ch).utf8.count
            if used + n > limit { break }
            out.append(ch)
            used += n
        }
        return out
    }

    /// The names to write, in order, and a note for each one changed.
    static func laundered(_ names: [String]) -> (names: [String], changes: [(from: String, to: String)]) {
        var used = Set<String>(), result: [String] = [], changes: [(String, String)] = []
        for original in names {
            let base = original.isEmpty ? "FIELD" : original
            var name = prefix(base, bytes: maxBytes)
            var n = 1
            while used.contains(name.uppercased()) {
                let suffix = "_\(n)"
                name = prefix(base, bytes: maxBytes - suffix.utf8.count) + suffix
                n += 1
            }
            used.insert(name.uppercased())
            result.append(name)
            if name != original { changes.append((original, name)) }
        }
        return (result, changes)
    }
}
