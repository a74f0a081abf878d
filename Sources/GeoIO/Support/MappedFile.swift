#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory (`mmap(2)`): the kernel pages it in as records are
/// read, so a 2 GB .shp costs address space, not a copy. Empty files map to an empty buffer.
final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only and never remapped, so sharing it is safe.
    let path: String
    let bytes: UnsafeRawBufferPointer
    private let mapping: UnsafeMutableRawPointer?

    init(path: String) throws(GeoIOError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { throw .fileNotFound(path: path) }
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        let size = Int(info.st_size)
        if size == 0 {
            mapping = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw .cannotOpen(path: path, reason: "mmap: " + String(cString: strerror(errno)))
        }
        mapping = p
        bytes = UnsafeRawBufferPointer(start: p, count: size)
    }

    var count: Int { bytes.count }

    /// Drops the pages wholly inside `range` from this process's memory (`MADV_DONTNEED`); a
    /// later read faults them in again from the page cache, unchanged, since the mapping is never
    /// written. A reader calls it for the records behind it, so reading a file larger than memory
    /// does not keep all of it resident (peak RSS counted every page of a 600 MB .dbf).
    func release(_ range: Range<Int>) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lo = (max(0, range.lowerBound) + page - 1) / page * page
        let hi = min(range.upperBound, bytes.count) / page * page
        guard lo < hi else { return }
        _ = madvise(mapping + lo, hi - lo, Int32(MADV_DONTNEED))
    }

    deinit {
        if let mapping { munmap(mapping, bytes.count) }
    }
}

/// Bounds-checked little/big-endian reads over a byte buffer. Every read checks its range, so a
/// truncated or lying file produces an error, never a crash or a read past the mapping.
struct ByteView {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    @inline(__always)
    func has(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count - length
    }

    /// Callers check `has(_:_:)` first; these trap only on a programming error.
    @inline(__always)
    func uint8(_ offset: Int) -> UInt8 { bytes[offset] }

    @inline(__always)
    func int32BE(_ offset: Int) -> Int {
        Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
    }

    @inline(__always)
    func int32LE(_ offset: Int) -> Int {
        Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
    }

    @inline(__always)
    func uint32LE(_ offset: Int) -> Int {
        Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    @inline(__always)
    func uint16LE(_ offset: Int) -> Int {
        Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    @inline(__always)
    func doubleLE(_ offset: Int) -> Double {
        Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }

    func slice(_ offset: Int, _ length: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }
}
