import CityModel
import CityQuery

/// A WFS 2.0 KVP request (OGC 09-025r2 clause 7.6.2, ISO 19142): parameter names are
/// case-insensitive, values are not. Errors become OWS exception reports naming the parameter.
struct WFSRequest {
    /// Upper-cased name → value.
    let parameters: [String: String]

    init(_ q: QueryParameters) {
        var p: [String: String] = [:]
        for (name, value) in q.pairs { p[name.uppercased()] = value }
        parameters = p
    }

    subscript(_ name: String) -> String? { parameters[name.uppercased()] }

    func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(WFSException) -> Int {
        guard let text = self[name] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw WFSException(code: "InvalidParameterValue", locator: name, text: "\(name)=\(text): expected an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }

    /// The one feature type named by TYPENAMES (or WFS 1.x's TYPENAME), with or without the `cg:` prefix.
    func layer() throws(WFSException) -> Layer {
        guard let text = self["TYPENAMES"] ?? self["TYPENAME"] else {
            throw WFSException(code: "MissingParameterValue", locator: "typeNames", text: "typeNames is required")
        }
        let names = text.split(separator: ",")
        guard names.count == 1 else {
            throw WFSException(code: "InvalidParameterValue", locator: "typeNames", text: "one feature type per request, found \(names.count)")
        }
        let local = String(names[0].split(separator: ":").last ?? "")
        guard let layer = Layer(rawValue: local) else {
            throw WFSException(code: "InvalidParameterValue", locator: "typeNames",
                               text: "no feature type \(text); the types are " + Layer.allCases.map { "cg:\($0.rawValue)" }.joined(separator: ", "))
        }
        return layer
    }
}

/// An OWS exception report (OGC 06-121r9 clause 8): the code, the parameter it is about, and why.
struct WFSException: Error {
    var code: String
    var locator: String?
    var text: String

    var xml: String {
        var w = XMLWriter()
        w.element("ows:ExceptionReport", [("xmlns:ows", WFS.ows), ("version", "2.0.0"), ("xml:lang", "en")]) { w in
            var attributes = [("exceptionCode", code)]
            if let locator { attributes.append(("locator", locator)) }
            w.element("ows:Exception", attributes) { $0.element("ows:ExceptionText", text: text) }
        }
        return w.document
    }

    /// The status each code is answered with: a request for an operation this service does not
    /// offer is the client's error here (400), not a server failure.
    var status: Int {
        switch code {
        case "NoApplicableCode": 500
        case "NotFound": 404
        default: 400
        }
    }
}
