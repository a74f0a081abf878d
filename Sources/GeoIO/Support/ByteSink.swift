#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Little/big-endian appends into a byte array (a record or header being built).
struct ByteBuffer {
    var bytes: [UInt8] = []

    mutating func int32BE(_ v: Int) { withUnsafeBytes(of: Int32(truncatingIfNeeded: v).bigEndian) { bytes.append(contentsOf: $0) } }
    mutating func int32LE(_ v: Int) { withUnsafeBytes(of: Int32(truncatingIfNeeded: v).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func uint32LE(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func uint16LE(_ v: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func doubleLE(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func zeros(_ n: Int) { bytes.append(contentsOf: repeatElement(0, count: n)) }
}

/// A file written through a 1 MiB buffer, whose header can be patched at the end once counts and
/// lengths are known.
final class FileSink {
    let path: String
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private(set) var length = 0

    init(path: String) throws(GeoIOError) {
        self.path = path
        guard let f = fopen(path, "wb") else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        file = f
        buffer.reserveCapacity(1 << 20)
    }

    deinit { if let file { fclose(file) } }

    func write(_ bytes: [UInt8]) throws(GeoIOError) {
        buffer.append(contentsOf: bytes)
        length += bytes.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws(GeoIOError) {
        guard !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Overwrites bytes already written at `offset` (headers), then returns to the end.
    func patch(at offset: Int, _ bytes: [UInt8]) throws(GeoIOError) {
        try flush()
        guard fseek(file, offset, SEEK_SET) == 0,
              bytes.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) == bytes.count,
              fseek(file, 0, SEEK_END) == 0 else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    func close() throws(GeoIOError) {
        try flush()
        guard let f = file else { return }
        file = nil
        guard fflush(f) == 0, fsync(fileno(f)) == 0, fclose(f) == 0 else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Files written under temporary names beside their targets and renamed into place only when all
/// are complete, so a failure leaves either the old files or none, never half a set.
final class AtomicFileSet {
    private(set) var pending: [(temporary: String, final: String)] = []
    private var committed = false

    func temporaryPath(for final: String) -> String {
        let dir = final.lastIndex(of: "/").map { String(final[...$0]) } ?? ""
        let name = final.lastIndex(of: "/").map { String(final[final.index(after: $0)...]) } ?? final
        let temporary = "\(dir).\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        pending.append((temporary, final))
        return temporary
    }

    func commit() throws(GeoIOError) {
        for (temporary, final) in pending where rename(temporary, final) != 0 {
            let reason = String(cString: strerror(errno))
            abort()
            throw .cannotWrite(path: final, reason: "rename: \(reason)")
        }
        committed = true
    }

    func abort() {
        for (temporary, _) in pending { unlink(temporary) }
        pending.removeAll()
    }

    deinit { if !committed { abort() } }
}
