import Foundation

/// Evidence photos' bytes, content-addressed by the SHA-256 of the original: one copy of each
/// image however many cases or dossiers name it, in a folder beside the store
/// (`<file>.sqlite.photos/ab/abcdef….view.jpg`). A file appears whole or not at all (written
/// aside, then renamed), so a crash never leaves a half photo under its final name; since the
/// name is the content's hash, writing one again is writing the same bytes.
///
/// The photos' descriptions (stage, EXIF time and place, checks) are stored with the case or
/// dossier they belong to; this folder holds bytes only.
public struct PhotoLibrary: Sendable {
    /// What is kept of each photo.
    public enum Rendition: String, Sendable, CaseIterable {
        /// The bytes as uploaded, EXIF and all: the evidence itself, never served as is.
        case original
        /// About 1,600 px, upright, no metadata: what the web map and the field app show; made
        /// from the original when first asked for.
        case view
        /// About 320 px, upright, no metadata.
        case thumbnail

        var suffix: String {
            switch self {
            case .original: "original"
            case .view: "view.jpg"
            case .thumbnail: "thumb.jpg"
            }
        }
    }

    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// Beside an embedded store, `<path>.photos`; for PostgreSQL, `CITYGRID_PHOTOS` (a folder every
    /// node mounts), else nil: no photos can be taken in until one is named.
    public static func beside(_ storage: any CityStorage,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> PhotoLibrary? {
        if let folder = environment["CITYGRID_PHOTOS"], !folder.isEmpty { return PhotoLibrary(folder: folder) }
        if let database = storage as? CityDatabase, database.path != ":memory:" { return PhotoLibrary(folder: database.path + ".photos") }
        return nil
    }

    /// Whether `text` is a photo's name: 64 lower-case hex digits (and so never a path).
    public static func isPhotoID(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    public func path(of sha256: String, _ rendition: Rendition) -> String {
        "\(folder)/\(sha256.prefix(2))/\(sha256).\(rendition.suffix)"
    }

    /// Stores the renditions of one photo; those already there are left alone.
    public func put(_ sha256: String, _ renditions: [Rendition: [UInt8]]) throws(StoreError) {
        precondition(Self.isPhotoID(sha256), "not a photo id: \(sha256)")
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: "\(folder)/\(sha256.prefix(2))", withIntermediateDirectories: true)
            for (rendition, bytes) in renditions {
                let final = path(of: sha256, rendition)
                if fm.fileExists(atPath: final) { continue }
                let aside = final + ".part-\(UUID().uuidString)"
                guard fm.createFile(atPath: aside, contents: Data(bytes)) else {
                    throw StoreError.database(path: folder, reason: "cannot write \(aside)")
                }
                // rename(2) replaces atomically; a racing writer of the same photo wrote the same bytes.
                guard rename(aside, final) == 0 else {
                    let reason = String(cString: strerror(errno))
                    try? fm.removeItem(atPath: aside)
                    throw StoreError.database(path: folder, reason: "cannot move \(aside) to \(final): \(reason)")
                }
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.database(path: folder, reason: "cannot write photo \(sha256): \(error.localizedDescription)")
        }
    }

    /// The bytes of one rendition, or nil when the library has no such photo.
    public func read(_ sha256: String, _ rendition: Rendition) -> [UInt8]? {
        guard Self.isPhotoID(sha256), let data = FileManager.default.contents(atPath: path(of: sha256, rendition)) else { return nil }
        return [UInt8](data)
    }

    /// Whether the photo is here: its original and its thumbnail (the viewing size is made when
    /// first asked for).
    public func contains(_ sha256: String) -> Bool {
        Self.isPhotoID(sha256) && [Rendition.original, .thumbnail].allSatisfy { FileManager.default.fileExists(atPath: path(of: sha256, $0)) }
    }
}
