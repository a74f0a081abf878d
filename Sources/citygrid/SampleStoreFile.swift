import Foundation

/// The temporary SQLite file `citygrid serve` loads the sample district into when it is given no
/// `--store`: named after the serving process, removed when the server stops (SIGTERM and SIGINT
/// stop it gracefully), and, should a server have been killed outright, removed by the next one
/// once no `citygrid` process of that id is alive.
struct SampleStoreFile {
    static let prefix = "citygrid-sample-"
    let path: String

    init(directory: URL = FileManager.default.temporaryDirectory) {
        path = directory.appendingPathComponent("\(Self.prefix)\(getpid()).sqlite").path
    }

    /// The file with its WAL and shared-memory companions.
    static func files(_ path: String) -> [String] { ["", "-wal", "-shm", "-journal"].map { path + $0 } }

    func remove() {
        for file in Self.files(path) { try? FileManager.default.removeItem(atPath: file) }
    }

    /// Removes the sample stores left by servers that are gone; returns how many.
    @discardableResult
    static func removeLeftovers(in directory: URL = FileManager.default.temporaryDirectory) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var removed = 0
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".sqlite") {
            let digits = name.dropFirst(prefix.count).dropLast(".sqlite".count)
            guard let pid = pid_t(digits), pid != getpid(), !isCitygrid(pid) else { continue }
            for file in files(directory.appendingPathComponent(name).path) { try? FileManager.default.removeItem(atPath: file) }
            removed += 1
        }
        return removed
    }

    /// Whether a live process of this id is a citygrid: a dead one, or an id since reused by
    /// another program, leaves its file to be removed.
    private static func isCitygrid(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return true }
        return comm.hasPrefix("citygrid")
    }
}
