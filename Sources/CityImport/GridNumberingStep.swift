import CityModel
import GeoCore
import GEOSKit

/// `--number-cells`: grid records without a code get one from `GridNumbering`, in the community
/// their COMMUNITY names. The community's code comes from the coded cells of the same file with
/// that community name (a community nobody has coded yet cannot be numbered: its district,
/// sub-district and community numbers are unknown).
struct GridNumberingStep {
    typealias Pending = (record: Int, texts: [String?], extra: [String: String], geometry: Geometry?)

    let path: String
    let codeField: Int
    let communityField: Int

    /// Rows are told apart by a quarter of a one-hectare cell's side.
    static let rowTolerance = 25.0

    func number(_ pending: [Pending], builder: EntityBuilder, into result: inout LayerContents,
                report: inout ImportReport, dryRun: Bool) throws(CityImportError) {
        var communities: [String: CommunityCode] = [:]
        var existing: [GridCode] = []
        for entity in result.entities {
            guard case .grid(let cell) = entity else { continue }
            existing.append(cell.code)
            if communities[cell.communityName] == nil { communities[cell.communityName] = cell.code.communityCode }
        }
        var uncoded: [UncodedCell] = []
        var byID: [String: Pending] = [:]
        for p in pending {
            let name = p.texts[communityField] ?? ""
            guard let community = communities[name] else {
                let error = CityImportError.badRecord(path: path, record: p.record, field: "CODE",
                    reason: "is empty, and no coded cell of community \(name.isEmpty ? "(none)" : name) gives the community's code to number from")
                if dryRun { report.errors.append(error.description); continue }
                throw error
            }
            guard let geometry = p.geometry, let centroid = try? geometry.centroid(), centroid.isFinite else {
                throw .badRecord(path: path, record: p.record, field: "geometry", reason: "has no centroid to number the cell by")
            }
            let id = "record-\(p.record)"
            uncoded.append(UncodedCell(id: id, community: community, centroid: centroid))
            byID[id] = p
        }
        let codes: [String: GridCode]
        do { codes = try GridNumbering.assign(uncoded, existing: existing, rowTolerance: Self.rowTolerance) } catch {
            throw .badArgument(parameter: "--number-cells", reason: "\(error)")
        }
        for cell in uncoded {
            let p = byID[cell.id]!
            var texts = p.texts
            texts[codeField] = codes[cell.id]!.description
            do throws(CityImportError) {
                let entity = try builder.build(record: p.record, texts: texts, geometry: p.geometry)
                result.entities.append(entity)
                result.extras.append(p.extra)
                result.records.append(p.record)
                report.numbered.append((p.record, texts[codeField]!))
            } catch {
                if !dryRun { throw error }
                report.errors.append(error.description)
            }
        }
        report.numbered.sort { $0.record < $1.record }
    }
}
