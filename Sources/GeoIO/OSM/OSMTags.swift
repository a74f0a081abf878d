/// OpenStreetMap tags as GDAL's OSM driver hands them over: the keys it has no column for, in one
/// `other_tags` text in PostgreSQL hstore syntax (`"oneway"=>"yes","name:en"=>"People's Square"`).
public enum OSMTags {
    /// The tags of an hstore text. Backslash escapes inside quotes are honoured; a malformed tail
    /// (an unterminated string, a key without a value) is dropped rather than guessed at.
    public static func parse(hstore text: String) -> [String: String] {
        var tags: [String: String] = [:]
        var strings: [String] = []
        var current = "", inside = false, escaped = false
        for ch in text {
            if inside {
                if escaped { current.append(ch); escaped = false }
                else if ch == "\\" { escaped = true }
                else if ch == "\"" { strings.append(current); current = ""; inside = false }
                else { current.append(ch) }
            } else if ch == "\"" {
                inside = true
            }
        }
        var i = 0
        while i + 1 < strings.count { tags[strings[i]] = strings[i + 1]; i += 2 }
        return tags
    }
}
