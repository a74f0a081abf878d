import CityModel
import Foundation
import GeoCore

/// CQL2 Text (OGC 21-065 clause 8 and Annex A's BNF, for the classes `CQL2Expression` lists):
/// a tokenizer and a recursive-descent parser. Keywords are case-insensitive; property names are
/// identifiers or "double-quoted"; strings are 'single-quoted' with '' for a quote; geometries are
/// WKT (or BBOX(…)) in `geometryCRS`, handed to `toWorking`. Errors name the character offset.
public struct CQL2TextParser {
    enum Token: Equatable {
        case word(String)        // identifier or keyword, as written
        case quoted(String)      // "property"
        case string(String)
        case number(Double)
        case symbol(String)      // ( ) , = <> < <= > >=
        case end
    }

    let source: [Character]
    var tokens: [(token: Token, at: Int)] = []
    var index = 0
    let toWorking: (Geometry) throws -> Geometry

    public static func parse(_ text: String, toWorking: @escaping (Geometry) throws -> Geometry) throws(CQL2Error) -> CQL2Expression {
        var parser = try CQL2TextParser(text, toWorking: toWorking)
        let e = try parser.expression()
        guard case .end = parser.peek else { throw parser.error("unexpected \(parser.describe(parser.peek)) after a complete filter") }
        return e
    }

    init(_ text: String, toWorking: @escaping (Geometry) throws -> Geometry) throws(CQL2Error) {
        source = Array(text)
        self.toWorking = toWorking
        try tokenize()
    }

    // MARK: tokens

    mutating func tokenize() throws(CQL2Error) {
        var i = 0
        while i < source.count {
            let c = source[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c == "'" {
                var text = ""
                i += 1
                while true {
                    guard i < source.count else { throw CQL2Error(position: "character \(start)", reason: "a string is not closed") }
                    if source[i] == "'" {
                        if i + 1 < source.count, source[i + 1] == "'" { text.append("'"); i += 2; continue }
                        i += 1
                        break
                    }
                    text.append(source[i]); i += 1
                }
                tokens.append((.string(text), start))
            } else if c == "\"" {
                var text = ""
                i += 1
                while i < source.count, source[i] != "\"" { text.append(source[i]); i += 1 }
                guard i < source.count else { throw CQL2Error(position: "character \(start)", reason: "a quoted property name is not closed") }
                i += 1
                tokens.append((.quoted(text), start))
            } else if c.isNumber && c.isASCII || ((c == "-" || c == "+" || c == ".") && i + 1 < source.count && source[i + 1].isASCII && (source[i + 1].isNumber || source[i + 1] == ".")) {
                var text = String(c)
                i += 1
                while i < source.count, source[i].isASCII, source[i].isNumber || source[i] == "." || source[i] == "e" || source[i] == "E"
                        || ((source[i] == "-" || source[i] == "+") && (source[i - 1] == "e" || source[i - 1] == "E")) {
                    text.append(source[i]); i += 1
                }
                guard let v = Double(text), v.isFinite else { throw CQL2Error(position: "character \(start)", reason: "'\(text)' is not a number") }
                tokens.append((.number(v), start))
            } else if c.isLetter || c == "_" {
                var text = ""
                while i < source.count, source[i].isLetter || source[i].isNumber || source[i] == "_" || source[i] == "." || source[i] == ":" {
                    text.append(source[i]); i += 1
                }
                tokens.append((.word(text), start))
            } else if "(),=".contains(c) {
                tokens.append((.symbol(String(c)), start)); i += 1
            } else if c == "<" || c == ">" || c == "!" {
                let two = i + 1 < source.count ? String([c, source[i + 1]]) : String(c)
                if ["<>", "<=", ">=", "!="].contains(two) {
                    tokens.append((.symbol(two == "!=" ? "<>" : two), start)); i += 2
                } else if c != "!" {
                    tokens.append((.symbol(String(c)), start)); i += 1
                } else {
                    throw CQL2Error(position: "character \(start)", reason: "unexpected '!'")
                }
            } else {
                throw CQL2Error(position: "character \(start)", reason: "unexpected '\(c)'")
            }
        }
        tokens.append((.end, source.count))
    }

    var peek: Token { tokens[index].token }
    var position: Int { tokens[index].at }

    func error(_ reason: String) -> CQL2Error { CQL2Error(position: "character \(position)", reason: reason) }

    func describe(_ t: Token) -> String {
        switch t {
        case .word(let w): "'\(w)'"
        case .quoted(let q): "\"\(q)\""
        case .string(let s): "the string '\(s)'"
        case .number(let n): "the number \(n)"
        case .symbol(let s): "'\(s)'"
        case .end: "the end of the filter"
        }
    }

    func isKeyword(_ t: Token, _ k: String) -> Bool { if case .word(let w) = t { w.uppercased() == k } else { false } }

    mutating func accept(_ k: String) -> Bool {
        if isKeyword(peek, k) { index += 1; return true }
        return false
    }

    mutating func expect(symbol s: String) throws(CQL2Error) {
        guard peek == .symbol(s) else { throw error("expected '\(s)', found \(describe(peek))") }
        index += 1
    }

    // MARK: grammar

    mutating func expression() throws(CQL2Error) -> CQL2Expression {
        var list = [try conjunction()]
        while accept("OR") { list.append(try conjunction()) }
        return list.count == 1 ? list[0] : .or(list)
    }

    mutating func conjunction() throws(CQL2Error) -> CQL2Expression {
        var list = [try negation()]
        while accept("AND") { list.append(try negation()) }
        return list.count == 1 ? list[0] : .and(list)
    }

    mutating func negation() throws(CQL2Error) -> CQL2Expression {
        if accept("NOT") { return .not(try negation()) }
        return try primary()
    }

    mutating func primary() throws(CQL2Error) -> CQL2Expression {
        if peek == .symbol("(") {
            index += 1
            let e = try expression()
            try expect(symbol: ")")
            return e
        }
        if case .word(let w) = peek {
            let upper = w.uppercased()
            if let op = CQL2Spatial(rawValue: w.lowercased()) { index += 1; return try spatial(op) }
            if ["T_BEFORE", "T_AFTER", "T_EQUALS"].contains(upper) { index += 1; return try temporal(upper) }
            if upper.hasPrefix("S_") || upper.hasPrefix("T_") || upper.hasPrefix("A_") {
                throw error("\(w) is not offered; the spatial functions are \(CQL2Spatial.allCases.map { $0.rawValue.uppercased() }.joined(separator: ", ")), the temporal T_BEFORE, T_AFTER, T_EQUALS")
            }
            if (upper == "TRUE" || upper == "FALSE"), isPredicateEnd(tokens[index + 1].token) {
                index += 1
                return .literal(upper == "TRUE")
            }
        }
        return try predicate()
    }

    func isPredicateEnd(_ t: Token) -> Bool {
        t == .end || t == .symbol(")") || isKeyword(t, "AND") || isKeyword(t, "OR")
    }

    mutating func predicate() throws(CQL2Error) -> CQL2Expression {
        let left = try scalar()
        if case .symbol(let s) = peek, let op = CQL2Comparison(rawValue: s) {
            index += 1
            return .comparison(op, left, try scalar())
        }
        if accept("IS") {
            let negated = accept("NOT")
            guard accept("NULL") else { throw error("expected NULL after IS, found \(describe(peek))") }
            return .isNull(left, negated: negated)
        }
        let negated = accept("NOT")
        if accept("LIKE") {
            guard case .string(let pattern) = peek else { throw error("LIKE takes a 'pattern', found \(describe(peek))") }
            index += 1
            return .like(left, pattern: pattern, negated: negated)
        }
        if accept("IN") {
            try expect(symbol: "(")
            var list = [try scalar()]
            while peek == .symbol(",") { index += 1; list.append(try scalar()) }
            try expect(symbol: ")")
            return .isIn(left, list, negated: negated)
        }
        if accept("BETWEEN") {
            let low = try scalar()
            guard accept("AND") else { throw error("BETWEEN needs AND, found \(describe(peek))") }
            return .between(left, low, try scalar(), negated: negated)
        }
        throw error("expected a comparison (=, <>, <, <=, >, >=), LIKE, IN, BETWEEN or IS NULL, found \(describe(peek))")
    }

    mutating func scalar() throws(CQL2Error) -> CQL2Operand {
        let t = peek
        switch t {
        case .string(let s): index += 1; return .string(s)
        case .number(let n): index += 1; return .number(n)
        case .quoted(let q): index += 1; return .property(q)
        case .word(let w):
            let upper = w.uppercased()
            if upper == "TRUE" || upper == "FALSE" { index += 1; return .boolean(upper == "TRUE") }
            if upper == "TIMESTAMP" || upper == "DATE" {
                let at = position
                index += 1
                try expect(symbol: "(")
                guard case .string(let text) = peek else { throw error("\(upper) takes a 'string', found \(describe(peek))") }
                index += 1
                try expect(symbol: ")")
                let valid = upper == "DATE" ? text.count == 10 : text.contains("T")
                guard valid, let d = CityTime.parse(text) else {
                    throw CQL2Error(position: "character \(at)", reason: "\(upper)('\(text)') is not an RFC 3339 \(upper == "DATE" ? "date" : "timestamp")")
                }
                return .instant(d)
            }
            if ["AND", "OR", "NOT", "LIKE", "IN", "BETWEEN", "IS", "NULL"].contains(upper) {
                throw error("expected a property or a value, found the keyword \(w)")
            }
            index += 1
            return .property(w)
        default:
            throw error("expected a property or a value, found \(describe(t))")
        }
    }

    mutating func temporal(_ name: String) throws(CQL2Error) -> CQL2Expression {
        try expect(symbol: "(")
        let a = try scalar()
        try expect(symbol: ",")
        let b = try scalar()
        try expect(symbol: ")")
        return .comparison(name == "T_BEFORE" ? .lt : name == "T_AFTER" ? .gt : .eq, a, b)
    }

    mutating func spatial(_ op: CQL2Spatial) throws(CQL2Error) -> CQL2Expression {
        try expect(symbol: "(")
        var property: String?, geometry: Geometry?
        for k in 0..<2 {
            if k == 1 { try expect(symbol: ",") }
            if case .word(let w) = peek, Self.geometryKeywords.contains(w.uppercased()) {
                geometry = try geometryLiteral()
            } else if case .word(let w) = peek {
                property = w; index += 1
            } else if case .quoted(let q) = peek {
                property = q; index += 1
            } else {
                throw error("\(op.rawValue.uppercased()) takes a property and a geometry, found \(describe(peek))")
            }
        }
        guard let property, let geometry else { throw error("\(op.rawValue.uppercased()) takes one property and one geometry") }
        var distance: Double?
        if op == .dwithin {
            try expect(symbol: ",")
            guard case .number(let d) = peek, d >= 0 else { throw error("S_DWITHIN takes a distance in metres, found \(describe(peek))") }
            index += 1
            distance = d
            if peek == .symbol(",") {
                index += 1
                guard case .word(let unit) = peek, ["meters", "metres", "m"].contains(unit.lowercased()) else {
                    throw error("the only distance unit offered is meters, found \(describe(peek))")
                }
                index += 1
            }
        }
        try expect(symbol: ")")
        return .spatial(op, property: property, geometry, distanceMeters: distance)
    }

    static let geometryKeywords: Set = ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "BBOX"]

    /// A WKT geometry (or BBOX(minx, miny, maxx, maxy)): the text up to its balanced closing
    /// parenthesis, read by GeoCore's WKT reader, then taken to the working CRS.
    mutating func geometryLiteral() throws(CQL2Error) -> Geometry {
        let start = position
        guard case .word(let keyword) = peek else { throw error("expected a geometry") }
        var depth = 0, k = index + 1
        while k < tokens.count {
            if tokens[k].token == .symbol("(") { depth += 1 }
            if tokens[k].token == .symbol(")") { depth -= 1; if depth == 0 { break } }
            if tokens[k].token == .end { break }
            k += 1
        }
        guard k < tokens.count, tokens[k].token == .symbol(")") else {
            throw CQL2Error(position: "character \(start)", reason: "the geometry's parentheses do not close")
        }
        let text = String(source[start...tokens[k].at])
        index = k + 1
        let geometry: Geometry
        if keyword.uppercased() == "BBOX" {
            let numbers = tokens[(tokens.firstIndex { $0.at > start }!)..<k].compactMap { t -> Double? in if case .number(let n) = t.token { n } else { nil } }
            guard numbers.count == 4, numbers[0] <= numbers[2], numbers[1] <= numbers[3] else {
                throw CQL2Error(position: "character \(start)", reason: "BBOX takes minx, miny, maxx, maxy")
            }
            geometry = .polygon(Polygon(rectangle: Envelope(minX: numbers[0], minY: numbers[1], maxX: numbers[2], maxY: numbers[3])))
        } else {
            do { geometry = try Geometry(wkt: text) } catch {
                throw CQL2Error(position: "character \(start)", reason: "the geometry is not WKT: \(error)")
            }
        }
        do { return try toWorking(geometry) } catch {
            throw CQL2Error(position: "character \(start)", reason: "the geometry cannot be taken to the working CRS: \(error)")
        }
    }
}
