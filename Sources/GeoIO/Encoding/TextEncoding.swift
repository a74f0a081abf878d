/// A character encoding for DBF/CSV text, named as iconv names it (`GB18030`, `CP1252`).
public struct TextEncoding: Hashable, Sendable, CustomStringConvertible {
    /// The iconv name; `UTF-8` and `ISO-8859-1` are decoded without iconv.
    public let iconvName: String

    public init(iconvName: String) { self.iconvName = iconvName.uppercased() }

    public static let utf8 = TextEncoding(iconvName: "UTF-8")
    /// GB18030 is a superset of GBK/CP936 and GB2312, so it decodes all three correctly.
    public static let gb18030 = TextEncoding(iconvName: "GB18030")
    public static let big5 = TextEncoding(iconvName: "BIG5")
    public static let latin1 = TextEncoding(iconvName: "ISO-8859-1")
    public static let windows1252 = TextEncoding(iconvName: "CP1252")

    public var isUTF8: Bool { iconvName == "UTF-8" }
    public var description: String { iconvName }

    /// Parses a code-page name as it appears in .cpg files and user options: `UTF-8`, `936`,
    /// `GBK`, `CP936`, `ANSI 1250`, `Windows-1251`, `ISO-8859-1`, `Big5`... Nil when unknown.
    public init?(codePageName raw: String) {
        var s = raw.trimmingWhitespaceAndBOM().uppercased()
        guard !s.isEmpty, s.count <= 40 else { return nil }
        for prefix in ["ANSI ", "ANSI_", "WINDOWS-", "WINDOWS_", "CP", "MS", "IBM"] where s.hasPrefix(prefix) {
            let rest = String(s.dropFirst(prefix.count))
            if !rest.isEmpty, rest.allSatisfy(\.isNumber) { s = rest }
        }
        switch s {
        case "UTF-8", "UTF8", "65001": self = .utf8
        case "936", "GBK", "GB2312", "GB18030", "EUC-CN", "54936": self = .gb18030
        case "950", "BIG5", "BIG-5": self = .big5
        case "88591", "8859-1", "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "LATIN-1": self = .latin1
        case "932", "SJIS", "SHIFT_JIS", "SHIFT-JIS": self.init(iconvName: "CP932")
        case "949", "EUC-KR", "KS_C_5601-1987": self.init(iconvName: "CP949")
        case "437", "737", "775", "850", "852", "855", "857", "860", "861", "862", "863", "864", "865", "866",
             "869", "874", "1250", "1251", "1252", "1253", "1254", "1255", "1256", "1257", "1258":
            self.init(iconvName: "CP" + s)
        case "KOI8-R", "KOI8R": self.init(iconvName: "KOI8-R")
        default:
            // ISO 8859 parts as ESRI writes them: 88592, 8859-2, ISO-8859-2.
            for p in ["ISO-8859-", "ISO8859-", "8859-", "8859"] where s.hasPrefix(p) {
                if let n = Int(s.dropFirst(p.count)), (1...16).contains(n) {
                    self.init(iconvName: "ISO-8859-\(n)")
                    return
                }
            }
            return nil
        }
    }

    /// The dBASE language-driver byte (offset 29 of the .dbf header), as GDAL's shapefile driver
    /// maps it (ogr/ogrsf_frmts/shape/ogrshapelayer.cpp). Nil for 0x00 and unknown values.
    public init?(languageDriverID ldid: UInt8) {
        let codePage: Int
        switch ldid {
        case 0x01, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x15, 0x18, 0x19, 0x1B: codePage = 437
        case 0x02, 0x0A, 0x0E, 0x10, 0x12, 0x14, 0x16, 0x1A, 0x1D, 0x25, 0x37: codePage = 850
        case 0x03, 0x58, 0x59: codePage = 1252
        case 0x08, 0x17, 0x66: codePage = 865
        case 0x13, 0x7B: codePage = 932
        case 0x1C, 0x6C: codePage = 863
        case 0x1F, 0x22, 0x23, 0x40, 0x64, 0x87: codePage = 852
        case 0x24: codePage = 860
        case 0x26, 0x65: codePage = 866
        case 0x4D, 0x7A: codePage = 936
        case 0x4E, 0x79: codePage = 949
        case 0x4F, 0x78: codePage = 950
        case 0x50, 0x7C: codePage = 874
        case 0x57: self = .latin1; return  // "ANSI": GDAL reads it as ISO-8859-1
        case 0x67: codePage = 861
        case 0x6A, 0x86: codePage = 737
        case 0x6B, 0x88: codePage = 857
        case 0xC8: codePage = 1250
        case 0xC9: codePage = 1251
        case 0xCA: codePage = 1254
        case 0xCB: codePage = 1253
        case 0xCC: codePage = 1257
        default: return nil
        }
        self.init(codePageName: String(codePage))
    }
}

/// Which encoding a reader used and why, so a wrong guess can be traced to its source.
public enum EncodingSource: Hashable, Sendable {
    /// Named by the .cpg file (its text as found).
    case cpg(String)
    /// Named by the .dbf language-driver byte.
    case languageDriver(UInt8)
    /// Given by the caller because the file named none.
    case option
    /// Nothing named one; every text field was valid UTF-8.
    case detectedUTF8
    /// Nothing named one; the text was not valid UTF-8 but was valid in this fallback.
    case detectedFallback
}

public struct ResolvedEncoding: Hashable, Sendable {
    public var encoding: TextEncoding
    public var source: EncodingSource
}

extension String {
    func trimmingWhitespaceAndBOM() -> String {
        var scalars = Substring(self).unicodeScalars
        while let f = scalars.first, f == "\u{FEFF}" || f.properties.isWhitespace { scalars.removeFirst() }
        while let l = scalars.last, l.properties.isWhitespace || l == "\0" { scalars.removeLast() }
        return String(scalars)
    }
}
