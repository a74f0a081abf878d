// Fence matching in-process (issue 16), benchmark (not a test): officers' fixes matched against
// FENCES geofences of a loaded district, as `recordFixes` matches them (FenceSet: an R-tree over
// the fences' shapes, two point searches per fix), against the naive way in the same run (every
// fence's shape asked of every fix, after a box check). Prints fixes/s of each, the ratio, the
// memory the fence set takes per 10,000 fences, and checks that both ways find the same crossings
// on the fixes the naive way matched. Exits non-zero when they differ.
//   live-bench STORE.sqlite [fences] [officers] [steps] [naiveFixes] [seed]
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore

/// Resident memory, bytes (/proc/self/statm's second field, in pages).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    return (Int(text.split(separator: " ")[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func run() throws {
    let args = CommandLine.arguments
    guard args.count >= 2 else {
        FileHandle.standardError.write(Data("usage: live-bench STORE.sqlite [fences] [officers] [steps] [naiveFixes] [seed]\n".utf8))
        exit(2)
    }
    let fenceCount = args.count > 2 ? Int(args[2])! : 10_000
    let officerCount = args.count > 3 ? Int(args[3])! : 2_000
    let steps = args.count > 4 ? Int(args[4])! : 500
    let naiveFixes = args.count > 5 ? Int(args[5])! : 20_000
    var rng = SplitMix64(seed: args.count > 6 ? UInt64(args[6])! : 20_261_203)

    let store = try CityStore(database: .open(path: args[1]))
    let (cells, extent): ([(id: String, geometry: Geometry)], Envelope) = store.read { view in
        let cells = view[.grids].features.values.compactMap { f in f.geometry.map { (f.id, $0) } }.sorted { $0.0 < $1.0 }
        return (cells, cells.map(\.1.envelope).reduce(Envelope.empty) { $0.union($1) })
    }
    func randomPoint() -> Point {
        while true {
            let p = Point(x: Double.random(in: extent.minX...extent.maxX, using: &rng), y: Double.random(in: extent.minY...extent.maxY, using: &rng))
            if cells.contains(where: { $0.geometry.envelope.contains(p) && $0.geometry.covers(p) }) { return p }
        }
    }

    // The fences: 70 % circles of 50–300 m (a shop, a school gate), 20 % one to three cells, 5 % boxes,
    // 5 % drawn pentagons; all on the district.
    var areas: [EventArea] = []
    for i in 0..<fenceCount {
        switch i % 20 {
        case 0..<14: areas.append(.circle(center: randomPoint(), radiusMeters: Double.random(in: 50...300, using: &rng)))
        case 14..<18: areas.append(.cells(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in cells.randomElement(using: &rng)!.id })))
        case 18:
            let c = randomPoint()
            areas.append(.window(Envelope(minX: c.x, minY: c.y, maxX: c.x + Double.random(in: 50...500, using: &rng), maxY: c.y + Double.random(in: 50...500, using: &rng))))
        default:
            let c = randomPoint()
            let ring = (0..<5).map { k -> Point in
                let a = Double(k) * 2 * .pi / 5, r = Double.random(in: 60...300, using: &rng)
                return Point(x: c.x + r * cos(a), y: c.y + r * sin(a))
            }
            areas.append(.polygon(Polygon(exterior: LinearRing(ring + [ring[0]]))))
        }
    }

    let memoryBefore = residentBytes()
    let buildStart = ContinuousClock.now
    let fences = try store.read { view in try FenceSet(areas.enumerated().map { ("f\($0.offset)", $0.element) }, in: view, corridorMeters: 60) }
    let buildTime = ContinuousClock.now - buildStart
    let fenceBytes = residentBytes() - memoryBefore

    // The walks: each officer at a random place on the district, 1.4 m/s, a fix a second, turning a little each step.
    var positions = (0..<officerCount).map { _ in randomPoint() }
    var headings = (0..<officerCount).map { _ in Double.random(in: 0..<(2 * .pi), using: &rng) }
    // Officer by officer, as batches arrive: one officer's fixes in a row.
    var moves: [(from: Point, to: Point)] = []
    moves.reserveCapacity(officerCount * steps)
    for k in 0..<officerCount {
        for _ in 0..<steps {
            headings[k] += Double.random(in: -0.3...0.3, using: &rng)
            var next = Point(x: positions[k].x + 1.4 * cos(headings[k]), y: positions[k].y + 1.4 * sin(headings[k]))
            if !extent.contains(next) { headings[k] += .pi; next = positions[k] }
            moves.append((positions[k], next))
            positions[k] = next
        }
    }

    // Indexed: what recordFixes does per fix.
    var scratch = FenceSet.Scratch()
    var crossings = 0
    let indexedStart = ContinuousClock.now
    for m in moves {
        let c = fences.crossings(from: m.from, to: m.to, scratch: &scratch)
        crossings += c.entered.count + c.left.count
    }
    let indexedTime = ContinuousClock.now - indexedStart

    // Naive: every fence's shapes, a box check first.
    let shapes: [(box: Envelope, contains: (Point) -> Bool)] = areas.map { area in
        switch area {
        case .circle(let c, let r): return (Envelope(minX: c.x - r, minY: c.y - r, maxX: c.x + r, maxY: c.y + r), { p in c.distance(to: p) <= r })
        case .window(let e): return (e, { e.contains($0) })
        case .polygon(let poly): let g = Geometry.polygon(poly); return (g.envelope, { g.covers($0) })
        case .cells(let ids):
            let gs = cells.filter { ids.contains($0.id) }.map(\.geometry)
            return (gs.map(\.envelope).reduce(Envelope.empty) { $0.union($1) }, { p in gs.contains { $0.envelope.contains(p) && $0.covers(p) } })
        default: fatalError("not generated")
        }
    }
    func naiveInside(_ p: Point) -> [Int] { shapes.indices.filter { shapes[$0].box.contains(p) && shapes[$0].contains(p) } }
    let sample = Array(moves.prefix(naiveFixes))
    var naiveCrossings: [[Int]] = []
    let naiveStart = ContinuousClock.now
    for m in sample {
        let before = Set(naiveInside(m.from)), after = naiveInside(m.to)
        naiveCrossings.append(after.filter { !before.contains($0) } + before.filter { !after.contains($0) }.map { -1 - $0 })
    }
    let naiveTime = ContinuousClock.now - naiveStart

    var mismatches = 0
    scratch = FenceSet.Scratch()
    for (k, m) in sample.enumerated() {
        let c = fences.crossings(from: m.from, to: m.to, scratch: &scratch)
        let mine = c.entered + c.left.map { -1 - $0 }
        if mine.sorted() != naiveCrossings[k].sorted() { mismatches += 1 }
    }
    let sampleCrossings = naiveCrossings.reduce(0) { $0 + $1.count }

    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    let indexedRate = Double(moves.count) / seconds(indexedTime)
    let naiveRate = Double(sample.count) / seconds(naiveTime)
    print("fences: \(fenceCount) (\(fences.count) built in \(String(format: "%.0f", seconds(buildTime) * 1000)) ms), \(officerCount) officers × \(steps) fixes")
    print(String(format: "indexed (FenceSet)   %12.0f fixes/s   %d crossings", indexedRate, crossings))
    print(String(format: "naive (every fence)  %12.0f fixes/s   on %d fixes", naiveRate, sample.count))
    print(String(format: "ratio indexed / naive: %.1f; goal of the issue: 200,000 fixes/s in-process", indexedRate / naiveRate))
    print(String(format: "memory: %.1f MiB for %d fences = %.1f MiB per 10,000", Double(fenceBytes) / 1_048_576, fenceCount,
                 Double(fenceBytes) / 1_048_576 * 10_000 / Double(fenceCount)))
    print("check: \(sample.count) fixes, \(sampleCrossings) crossings by the naive way, \(mismatches) fixes where the two differ")
    if mismatches > 0 || sampleCrossings == 0 { print("CHECK FAILED"); exit(1) }
}

try run()
