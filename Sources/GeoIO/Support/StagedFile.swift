/// One output file written under a temporary name and renamed into place by `finish`, with the
/// life every single-file writer has: open until it fails or finishes, nothing written after
/// either, and a failure (or the writer dropped unfinished) leaving no file behind. The CSV and
/// GeoJSON writers each hold one; the shapefile writer stages its three files itself.
final class StagedFile {
    let path: String
    private let files = AtomicFileSet()
    private let sink: FileSink
    private var failed = false, finished = false

    init(path: String) throws(GeoIOError) {
        self.path = path
        sink = try FileSink(path: files.temporaryPath(for: path))
    }

    /// Refuses `operation` once the file has failed or finished.
    func checkOpen(_ operation: String) throws(GeoIOError) {
        guard !failed, !finished else { throw .badArgument(parameter: operation, reason: "the writer has failed or finished") }
    }

    /// Appends bytes; a failed write abandons the file.
    func write(_ bytes: [UInt8]) throws(GeoIOError) {
        do { try sink.write(bytes) } catch { cancel(); throw error }
    }

    /// Writes `trailer`, closes the file and renames it into place.
    func finish(trailer: [UInt8] = []) throws(GeoIOError) {
        try checkOpen("finish")
        do {
            if !trailer.isEmpty { try sink.write(trailer) }
            try sink.close()
            try files.commit()
            finished = true
        } catch { cancel(); throw error }
    }

    /// Abandons the file: the temporary is removed and the target left as it was.
    func cancel() {
        failed = true
        files.abort()
    }
}
