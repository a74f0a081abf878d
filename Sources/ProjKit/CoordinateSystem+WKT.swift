internal import CPROJ
import Foundation

extension CoordinateSystem {
    /// The WKT dialects PROJ writes (`proj_as_wkt`).
    public enum WKTDialect: Sendable {
        /// ESRI WKT 1: what ArcGIS writes into a shapefile's .prj, and what GDAL reads best there.
        case esri
        /// OGC WKT 1 as GDAL writes it.
        case gdal
        /// ISO 19162:2019 (WKT 2).
        case wkt2019
    }

    /// This system as WKT on one line, e.g. the text of a shapefile's .prj. GCJ-02 and BD-09 have
    /// no WKT: they are offsets outside any datum, and no other software would read them back.
    public func wkt(_ dialect: WKTDialect = .esri) throws -> String {
        guard case .proj(let text) = kind else {
            throw ProjError.invalidParameter(function: #function, parameter: "self",
                                             reason: "\(name) is not a PROJ coordinate system and has no WKT")
        }
        let context = ProjContext()
        let object = try context.object({ proj_create($0, text) }) {
            ProjError.invalidCoordinateSystem(input: text, message: $0)
        }
        let type: PJ_WKT_TYPE = switch dialect {
        case .esri: PJ_WKT1_ESRI
        case .gdal: PJ_WKT1_GDAL
        case .wkt2019: PJ_WKT2_2019
        }
        let options = ["MULTILINE=NO"]
        // proj_as_wkt returns a string owned by the PJ: copy it before the PJ is destroyed.
        let result: String? = options.withCStringArray { optionPointers in
            proj_as_wkt(context.pointer, object.pointer, type, optionPointers).map { String(cString: $0) }
        }
        guard let result else {
            throw ProjError.invalidCoordinateSystem(input: text, message: "PROJ cannot write it as \(dialect) WKT: \(context.failureMessage())")
        }
        return result
    }
}

private extension Array where Element == String {
    /// A NULL-terminated `const char* const*` for PROJ's option lists.
    func withCStringArray<Result>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
        let duplicates = map { strdup($0) }
        defer { duplicates.forEach { free($0) } }
        let pointers = duplicates.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
