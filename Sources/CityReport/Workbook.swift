/// A spreadsheet workbook written as Office Open XML (ECMA-376, SpreadsheetML): one worksheet
/// per table, text as inline strings (so no shared-string table to keep in step), numbers as
/// numeric cells that a spreadsheet sums and sorts.
public struct Workbook: Sendable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double)
        case empty
    }

    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell]]
    }

    public private(set) var sheets: [Sheet] = []

    public init() {}

    /// Adds a sheet. Excel refuses names over 31 characters or with `[]:*?/\`; they are cut and replaced.
    public mutating func add(_ name: String, rows: [[Cell]]) {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        sheets.append(Sheet(name: cleaned, rows: rows))
    }

    /// The .xlsx package's bytes.
    public func bytes() -> [UInt8] {
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var zip = ZIPArchive()
        var types = header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        types += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        types += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        types += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for i in sheets.indices {
            types += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        types += "</Types>"
        zip.add("[Content_Types].xml", Array(types.utf8))
        zip.add("_rels/.rels", Array((header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(rels)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>").utf8))
        var workbook = header + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rels)\"><sheets>"
        var workbookRels = header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (i, sheet) in sheets.enumerated() {
            workbook += "<sheet name=\"\(Self.escaped(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            workbookRels += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(rels)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        zip.add("xl/workbook.xml", Array((workbook + "</sheets></workbook>").utf8))
        zip.add("xl/_rels/workbook.xml.rels", Array((workbookRels + "</Relationships>").utf8))
        for (i, sheet) in sheets.enumerated() {
            zip.add("xl/worksheets/sheet\(i + 1).xml", Array(Self.worksheet(sheet, header: header, namespace: main).utf8))
        }
        return zip.bytes()
    }

    static func worksheet(_ sheet: Sheet, header: String, namespace: String) -> String {
        var x = header + "<worksheet xmlns=\"\(namespace)\"><sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            x += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = column(c) + "\(r + 1)"
                switch cell {
                case .text(let s): x += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped(s))</t></is></c>"
                case .number(let v) where v.isFinite:
                    x += "<c r=\"\(ref)\"><v>\(v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v))</v></c>"
                case .number, .empty: break
                }
            }
            x += "</row>"
        }
        return x + "</sheetData></worksheet>"
    }

    /// A, B, …, Z, AA, AB, …: the column letters of a zero-based index.
    static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// XML's five escapes, and no control characters (XML 1.0 forbids most of them).
    static func escaped(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default: if u.value >= 0x20 { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
