/// How a connection string appears in errors and logs: as given, with any password replaced by
/// `***`, so that a failover message can name the servers without leaking a secret.
enum ConnectionTarget {
    /// Redacts the password of both libpq forms: the URI's userinfo
    /// (`postgresql://user:secret@host/db`) and a `password=` keyword, in a URI's query or in a
    /// `key=value` string (quoted values included).
    static func redacted(_ conninfo: String) -> String {
        var text = conninfo
        if let scheme = text.firstRange(of: "://") {
            // The userinfo ends at the last "@" of the authority, which ends at the path or query.
            let start = scheme.upperBound
            let authorityEnd = text[start...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
            if let at = text[start..<authorityEnd].lastIndex(of: "@"),
               let colon = text[start..<at].firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        return text.replacing(#/(?<key>password\s*=\s*)(?:'(?:[^'\\]|\\.)*'|[^\s&]+)/#) { match in
            "\(match.output.key)***"
        }
    }
}
