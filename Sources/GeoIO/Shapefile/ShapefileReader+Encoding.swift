extension ShapefileReader {
    /// .cpg first, then the .dbf language-driver byte, then the caller's option; failing all
    /// three, UTF-8 if every text field is valid UTF-8, else GB18030 if every field is valid
    /// GB18030 (the usual unlabelled Chinese data), else ISO-8859-1 (which cannot fail). A guess
    /// other than UTF-8 is reported as a warning.
    static func resolveEncoding(files: ShapefileSiblings, dbf: DBFTable?, option: TextEncoding?,
                                warnings: inout [GeoIOWarning]) throws(GeoIOError) -> ResolvedEncoding {
        if let cpgPath = files.cpg, let text = ShapefileSiblings.text(at: cpgPath) {
            if let e = TextEncoding(codePageName: text) { return ResolvedEncoding(encoding: e, source: .cpg(text.trimmingWhitespaceAndBOM())) }
            let shown = String(text.trimmingWhitespaceAndBOM().prefix(40))
            warnings.append(GeoIOWarning(path: cpgPath, message: "unknown code page '\(shown)' in .cpg; ignored"))
        }
        if let ldid = dbf?.languageDriver, let e = TextEncoding(languageDriverID: ldid) {
            return ResolvedEncoding(encoding: e, source: .languageDriver(ldid))
        }
        if let option { return ResolvedEncoding(encoding: option, source: .option) }
        guard let dbf else { return ResolvedEncoding(encoding: .utf8, source: .detectedUTF8) }
        for candidate in [TextEncoding.utf8, .gb18030] {
            let decoder = try TextDecoder(candidate)
            if allText(of: dbf, isValidIn: decoder) {
                if candidate.isUTF8 { return ResolvedEncoding(encoding: .utf8, source: .detectedUTF8) }
                warnings.append(GeoIOWarning(path: dbf.path, message: "no .cpg or language driver; text is not UTF-8 but is valid GB18030 (GBK), read as GB18030"))
                return ResolvedEncoding(encoding: candidate, source: .detectedFallback)
            }
        }
        warnings.append(GeoIOWarning(path: dbf.path, message: "no .cpg or language driver; text is neither UTF-8 nor GB18030, read as ISO-8859-1"))
        return ResolvedEncoding(encoding: .latin1, source: .detectedFallback)
    }

    private static func allText(of dbf: DBFTable, isValidIn decoder: TextDecoder) -> Bool {
        for raw in dbf.rawNames where !raw.withUnsafeBytes({ decoder.isValid($0) }) { return false }
        let textFields = dbf.fields.indices.filter { dbf.fields[$0].type == .character }
        for i in 0..<dbf.recordCount {
            for f in textFields {
                let raw = DBFTable.trimmed(dbf.rawValue(i, field: f), leading: false)
                if raw.contains(where: { $0 >= 0x80 }), !decoder.isValid(raw) { return false }
            }
        }
        return true
    }
}
