import Foundation

/// The command line of the runner contract (/work/shared/bench/rtree/README.md):
/// `rtree-bench DATADIR [--data points|boxes] [--k 10] [--node-size 16]`.
struct BenchArguments {
    var directory = ""
    var boxes = false
    var k = 10
    var nodeSize = 16

    static func parse(_ arguments: [String]) -> BenchArguments {
        var parsed = BenchArguments()
        var i = 1
        func value(after flag: String) -> String {
            i += 1
            guard i < arguments.count else { fail("\(flag) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--data":
                switch value(after: "--data") {
                case "points": parsed.boxes = false
                case "boxes": parsed.boxes = true
                default: fail("--data must be points or boxes")
                }
            case "--k":
                guard let k = Int(value(after: "--k")), k > 0 else { fail("--k must be a positive integer") }
                parsed.k = k
            case "--node-size":
                guard let size = Int(value(after: "--node-size")), size >= 2 else { fail("--node-size must be ≥ 2") }
                parsed.nodeSize = size
            default:
                parsed.directory = arguments[i]
            }
            i += 1
        }
        if parsed.directory.isEmpty { fail("usage: rtree-bench DATADIR [--data points|boxes] [--k 10] [--node-size 16]") }
        return parsed
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

/// Reads DIR/NAME: little-endian float64, `columns` per row, no header (as gen.py writes it).
func loadFloat64(_ directory: String, _ name: String, columns: Int) -> [Double] {
    let path = directory + "/" + name
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot open \(path)") }
    guard !data.isEmpty, data.count % (8 * columns) == 0 else {
        fail("\(path): size \(data.count) is not a multiple of \(8 * columns)")
    }
    var values = [Double](repeating: 0, count: data.count / 8)
    values.withUnsafeMutableBytes { dst in _ = data.copyBytes(to: dst) }
    return values.map { Double(bitPattern: $0.bitPattern.littleEndian) }
}

/// Monotonic seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Peak resident memory in MB (Linux reports ru_maxrss in kilobytes).
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// `$CHECK_HEAD` (default 1000), capped at the query count.
func checkHead(queries: Int) -> Int {
    let head = ProcessInfo.processInfo.environment["CHECK_HEAD"].flatMap { Int($0) } ?? 1000
    return min(head, queries)
}
