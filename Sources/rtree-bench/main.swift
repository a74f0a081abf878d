import Foundation
import SpatialIndex

// The rtree benchmark runner: build, all kNN queries, all window queries over in-memory arrays,
// timed separately, then one JSON line with the checksums anchors/common.h defines.
let arguments = BenchArguments.parse(CommandLine.arguments)
let columns = arguments.boxes ? 4 : 2
let items = loadFloat64(arguments.directory, arguments.boxes ? "boxes.f64" : "points.f64", columns: columns)
let knnPoints = loadFloat64(arguments.directory, "knn.f64", columns: 2)
let windows = loadFloat64(arguments.directory, "windows.f64", columns: 4)
let n = items.count / columns, q = knnPoints.count / 2, k = arguments.k
guard windows.count / 4 == q else { fail("knn.f64 and windows.f64 differ in length") }
let head = checkHead(queries: q)

// Build: converting the rows to envelopes is part of the timed phase, as Boost's value vector is.
var t0 = now()
var boxes = [IndexBox]()
boxes.reserveCapacity(n)
if arguments.boxes {
    for i in 0..<n { boxes.append(IndexBox(minX: items[4 * i], minY: items[4 * i + 1], maxX: items[4 * i + 2], maxY: items[4 * i + 3])) }
} else {
    for i in 0..<n { boxes.append(IndexBox(x: items[2 * i], y: items[2 * i + 1])) }
}
let tree: PackedRTree
do { tree = try PackedRTree(boxes: boxes, nodeSize: arguments.nodeSize) } catch { fail("build: \(error)") }
let buildSeconds = now() - t0
boxes = []

// kNN: answers stored, checksums computed after the timed loop (as common.h's knn_stats).
var answerIDs = [Int](repeating: 0, count: q * k)
var answerCounts = [Int](repeating: 0, count: q)
let scratch = NearestScratch()
var neighbours: [(id: Int, distance: Double)] = []
neighbours.reserveCapacity(k)
t0 = now()
for i in 0..<q {
    tree.nearest(x: knnPoints[2 * i], y: knnPoints[2 * i + 1], k: k, using: scratch, into: &neighbours)
    for (j, neighbour) in neighbours.enumerated() { answerIDs[i * k + j] = neighbour.id }
    answerCounts[i] = neighbours.count
}
let knnSeconds = now() - t0

func itemDistance(_ id: Int, _ x: Double, _ y: Double) -> Double {
    let dx: Double, dy: Double
    if columns == 2 {
        dx = items[2 * id] - x; dy = items[2 * id + 1] - y
    } else {
        dx = max(max(items[4 * id] - x, x - items[4 * id + 2]), 0)
        dy = max(max(items[4 * id + 1] - y, y - items[4 * id + 3]), 0)
    }
    return (dx * dx + dy * dy).squareRoot()
}
var knnSum = 0, knnHead = 0, knnDistSum = 0.0, knnHeadDist = 0.0
for i in 0..<q {
    for j in 0..<answerCounts[i] {
        let id = answerIDs[i * k + j]
        knnSum += id
        knnDistSum += itemDistance(id, knnPoints[2 * i], knnPoints[2 * i + 1])
    }
    if i + 1 == head { knnHead = knnSum; knnHeadDist = knnDistSum }
}

// Windows.
var windowSum = 0, windowHead = 0, hits = 0
var found = [Int]()
found.reserveCapacity(1 << 16)
t0 = now()
for i in 0..<q {
    found.removeAll(keepingCapacity: true)
    tree.search(IndexBox(minX: windows[4 * i], minY: windows[4 * i + 1], maxX: windows[4 * i + 2], maxY: windows[4 * i + 3]),
                into: &found)
    for id in found { windowSum += id }
    hits += found.count
    if i + 1 == head { windowHead = windowSum }
}
let windowSeconds = now() - t0

let fields = [
    "\"impl\":\"citygrid-rtree\"", "\"data\":\"\(arguments.boxes ? "boxes" : "points")\"",
    "\"n\":\(n)", "\"q\":\(q)", "\"k\":\(k)",
    "\"build_s\":" + String(format: "%.6f", buildSeconds),
    "\"knn_s\":" + String(format: "%.6f", knnSeconds),
    "\"knn_checksum\":\(knnSum)", "\"knn_head_checksum\":\(knnHead)",
    "\"knn_dist_sum\":" + String(format: "%.6f", knnDistSum),
    "\"knn_head_dist_sum\":" + String(format: "%.6f", knnHeadDist),
    "\"window_s\":" + String(format: "%.6f", windowSeconds),
    "\"window_checksum\":\(windowSum)", "\"window_head_checksum\":\(windowHead)", "\"window_hits\":\(hits)",
    "\"head\":\(head)", "\"rss_mb\":" + String(format: "%.1f", peakRSSMegabytes()),
    "\"params\":\"packed R-tree (median splits in <=65536-item subtrees, Hilbert above), node size \(arguments.nodeSize), Float32 nodes, Float64 items, -Ounchecked\"",
]
print("{" + fields.joined(separator: ",") + "}")
