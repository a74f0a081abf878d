import Foundation

/// The files of one shapefile set, found from the path of any member (`roads.shp`, `ROADS.DBF`,
/// `roads.prj`...). Extensions are matched case-insensitively, preferring the exact case given.
struct ShapefileSiblings {
    var base: String
    var shp: String?
    var shx: String?
    var dbf: String?
    var prj: String?
    var cpg: String?

    static let extensions = ["shp", "shx", "dbf", "prj", "cpg"]

    init(anyMember path: String) throws(GeoIOError) {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.lowercased()
        let stem = Self.extensions.contains(ext) ? url.deletingPathExtension().lastPathComponent : url.lastPathComponent
        let dir = url.deletingLastPathComponent().path
        base = (dir as NSString).appendingPathComponent(stem)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        func find(_ e: String) -> String? {
            let exact = [stem + "." + e, stem + "." + e.uppercased()]
            if let hit = exact.first(where: { entries.contains($0) }) { return (dir as NSString).appendingPathComponent(hit) }
            let lowered = (stem + "." + e).lowercased()
            return entries.first { $0.lowercased() == lowered }.map { (dir as NSString).appendingPathComponent($0) }
        }
        shp = find("shp"); shx = find("shx"); dbf = find("dbf"); prj = find("prj"); cpg = find("cpg")
        if shp == nil && dbf == nil {
            throw .fileNotFound(path: Self.extensions.contains(ext) ? path : path + ".shp")
        }
    }

    /// Small text side files (.prj, .cpg): read whole, decoded as UTF-8 (or Latin-1 if not).
    static func text(at path: String?) -> String? {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1)
    }
}
