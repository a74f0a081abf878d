import CityModel
import CityStore
import Foundation

/// Writes the side tables of SCHEMA.md beside an exported layer file: dossier records of
/// storefronts and structures, case histories (the events that replay to each case's state).
struct SideTableWriter {
    let layer: Layer
    let basePath: String

    func write(_ features: [StoredFeature], summary: inout LayerExporter.Summary) throws(CityImportError) {
        var rows: [[String]] = []
        let name: String
        do {
            switch layer {
            case .storefronts, .structures:
                name = "records"
                rows.append(["ENTITY_ID", "KIND", "DATE", "OFFICER", "NOTE", "ATTACHMENTS"])
                for f in features {
                    let records = layer == .storefronts ? try f.decode(Storefront.self).records : try f.decode(IllegalStructure.self).history
                    for r in records {
                        rows.append([f.id, r.kind.rawValue, CityTime.timestamp(r.date), r.officer, r.note, r.attachments.joined(separator: ";")])
                    }
                }
            case .cases:
                name = "history"
                rows.append(["CASE_ID", "AT", "ACTOR", "EVENT", "ARG", "NOTE"])
                for f in features {
                    let c = try f.decode(ViolationCase.self)
                    for t in c.history {
                        rows.append([c.id, CityTime.timestamp(t.at), t.actor, t.event.kind.rawValue, t.event.flatArgument, t.note])
                    }
                }
            default:
                return
            }
        } catch {
            throw .store(reason: "reading \(layer.rawValue) side table for export: \(error)")
        }
        guard rows.count > 1 else { return }
        let path = basePath + ".\(name).csv"
        let text = rows.map { $0.map(Self.quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .read(.cannotWrite(path: path, reason: "\(error)"))
        }
        summary.files.append(path)
    }

    /// RFC 4180 quoting: only when the cell holds a comma, quote or line break.
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
