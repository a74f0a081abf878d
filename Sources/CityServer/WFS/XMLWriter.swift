/// A small XML writer for the WFS documents: elements, attributes and text, escaped once here
/// (`&`, `<`, `>`, quotes, and the control characters XML 1.0 forbids, dropped), so no caller
/// builds markup by hand.
struct XMLWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []

    static func escaped(_ s: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 allows no other C0 control character, escaped or not.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func attributes(_ list: [(String, String)]) -> String {
        list.map { " \($0.0)=\"\(escaped($0.1, attribute: true))\"" }.joined()
    }

    mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<\(name)\(Self.attributes(attributes))>"
        open.append(name)
    }

    mutating func end() {
        text += "</\(open.removeLast())>"
    }

    /// `<name attrs>text</name>`, or `<name attrs/>` with no text.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text value: String? = nil) {
        if let value {
            text += "<\(name)\(Self.attributes(attributes))>\(Self.escaped(value))</\(name)>"
        } else {
            text += "<\(name)\(Self.attributes(attributes))/>"
        }
    }

    mutating func element(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout XMLWriter) -> Void) {
        start(name, attributes)
        body(&self)
        end()
    }

    var document: String {
        precondition(open.isEmpty, "unclosed elements: \(open)")
        return text
    }
}
