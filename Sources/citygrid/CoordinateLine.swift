import GeoCore

/// One line of `citygrid transform` input or output.
enum CoordinateLine {
    enum Parsed {
        case point(Point)
        case skip
        case failure(String)
    }

    /// `x y` or `x y z`, separated by spaces, tabs or commas (as cs2cs reads, plus CSV commas).
    static func parse(_ line: Substring) -> Parsed {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .skip }
        let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" })
        guard fields.count == 2 || fields.count == 3 else {
            return .failure("expected x y or x y z, found \(fields.count) field\(fields.count == 1 ? "" : "s"): \"\(line)\"")
        }
        var values: [Double] = []
        for (index, field) in fields.enumerated() {
            guard let value = Double(field), value.isFinite else {
                let name = ["x", "y", "z"][index]
                return .failure("\(name) is not a finite number: \"\(field)\"")
            }
            values.append(value)
        }
        return .point(Point(x: values[0], y: values[1], z: values.count == 3 ? values[2] : nil))
    }

    static func parse(_ line: String) -> Parsed { parse(line[...]) }

    static func format(_ p: Point) -> String {
        var text = decimal(p.x) + " " + decimal(p.y)
        if let z = p.z { text += " " + decimal(z) }
        return text
    }

    /// The shortest text that reads back to the same double (Swift's `description` finds those
    /// digits), written without an exponent so that every consumer reads it, and without a
    /// trailing ".0".
    static func decimal(_ value: Double) -> String {
        let shortest = value.description
        guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return shortest.hasSuffix(".0") ? String(shortest.dropLast(2)) : shortest
        }
        let exponent = Int(shortest[shortest.index(after: e)...])!
        var mantissa = shortest[..<e]
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let pointIndex = mantissa.firstIndex(of: ".")
        let integerDigits = pointIndex.map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        var digits = String(mantissa.filter { $0 != "." })
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        let pointAt = integerDigits + exponent   // digits before the decimal point
        var text: String
        if pointAt <= 0 {
            text = "0." + String(repeating: "0", count: -pointAt) + digits
        } else if pointAt >= digits.count {
            text = digits + String(repeating: "0", count: pointAt - digits.count)
        } else {
            let split = digits.index(digits.startIndex, offsetBy: pointAt)
            text = digits[..<split] + "." + digits[split...]
        }
        return negative ? "-" + text : text
    }
}
