import Foundation

/// The opaque cursor of /api/v1 listings: the last id of the page, base64url without padding, so
/// that any id (spaces, slashes, Chinese) survives a query string unchanged.
enum Cursor {
    static func token(after id: String) -> String {
        Data(id.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func id(from token: String) throws(ServerError) -> String {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text), let id = String(data: data, encoding: .utf8) else {
            throw .invalidParameter(name: "cursor", value: token, reason: "not a cursor this server wrote")
        }
        return id
    }
}
