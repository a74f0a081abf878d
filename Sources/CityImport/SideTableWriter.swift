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

    /// `<base>.photos.csv` and the photos' original bytes in `photos/` beside it, for the layers
    /// that keep evidence photos; a photo the library lacks is an error naming it.
    func writePhotos(_ features: [StoredFeature], from library: PhotoLibrary, summary: inout LayerExporter.Summary) throws(CityImportError) {
        guard PhotoTable.layers.contains(layer) else { return }
        var photos: [(entity: String, photo: EvidencePhoto)] = []
        do {
            for f in features {
                let list = switch layer {
                case .cases: try f.decode(ViolationCase.self).photos
                case .storefronts: try f.decode(Storefront.self).photos
                default: try f.decode(IllegalStructure.self).photos
                }
                photos += list.map { (f.id, $0) }
            }
        } catch {
            throw .store(reason: "reading \(layer.rawValue) photos for export: \(error)")
        }
        guard !photos.isEmpty else { return }
        let folder = ((basePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("photos")
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for sha in Set(photos.map(\.photo.sha256)).sorted() {
                let target = (folder as NSString).appendingPathComponent(sha)
                if fm.fileExists(atPath: target) { continue }
                guard let bytes = library.read(sha, .original) else {
                    throw CityImportError.store(reason: "photo \(sha) is named by the \(layer.rawValue) layer but missing from \(library.folder)")
                }
                try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
            }
        } catch let e as CityImportError {
            throw e
        } catch {
            throw .read(.cannotWrite(path: folder, reason: "\(error)"))
        }
        let path = basePath + ".photos.csv"
        let text = PhotoTable.rows(photos).map { $0.map(Self.quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .read(.cannotWrite(path: path, reason: "\(error)"))
        }
        summary.files += [path, folder + "/"]
    }

    /// RFC 4180 quoting: only when the cell holds a comma, quote or line break.
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
