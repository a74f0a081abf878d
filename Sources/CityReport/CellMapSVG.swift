import CityQuery
import Foundation
import GeoCore

/// The cells as an SVG choropleth of cases received, drawn from the grid layer's shapes in the
/// working CRS (metres, so the map keeps its proportions); y grows north, SVG's grows down.
struct CellMapSVG {
    let cells: [CellCaseCount]
    var width = 680.0, height = 820.0

    /// ColorBrewer YlOrRd, 5 classes: 0, then four equal steps up to the busiest cell.
    static let palette = ["#ffffcc", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]

    func colour(_ n: Int, max: Int) -> String {
        guard n > 0, max > 0 else { return Self.palette[0] }
        return Self.palette[Swift.min(4, 1 + (n - 1) * 4 / max)]
    }

    var svg: String {
        var env = Envelope.empty
        for c in cells { for p in c.shape.polygons { for pt in p.exterior.points { env.expand(toInclude: pt) } } }
        guard !cells.isEmpty, env.width > 0, env.height > 0 else { return "<p>（无网格）</p>" }
        let mapHeight = height - 40
        let scale = Swift.min(width / env.width, mapHeight / env.height)
        func x(_ p: Point) -> String { String(format: "%.1f", (p.x - env.minX) * scale) }
        func y(_ p: Point) -> String { String(format: "%.1f", (env.maxY - p.y) * scale) }
        let most = cells.map(\.received).max() ?? 0
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"网格案件分布图\">"
        for c in cells {
            var d = ""
            for polygon in c.shape.polygons {
                for ring in polygon.rings {
                    d += ring.points.enumerated().map { i, p in (i == 0 ? "M" : "L") + x(p) + " " + y(p) }.joined(separator: " ") + " Z "
                }
            }
            s += "<path d=\"\(d)\" fill=\"\(colour(c.received, max: most))\" fill-rule=\"evenodd\" stroke=\"#666\" stroke-width=\"0.5\">"
            s += "<title>\(ReportText.escaped(c.code)) \(ReportText.escaped(c.subDistrict)) \(c.received) 件</title></path>"
        }
        // The legend: what each colour counts.
        let legendY = mapHeight + 12
        var ranges: [String: ClosedRange<Int>] = ["#ffffcc": 0...0]
        if most > 0 {
            for n in 1...most {
                let k = colour(n, max: most)
                ranges[k] = ranges[k].map { $0.lowerBound...n } ?? n...n
            }
        }
        for (i, colour) in Self.palette.enumerated() {
            guard let range = ranges[colour] else { continue }
            let lx = Double(i) * 110
            let label = range.count == 1 ? "\(range.lowerBound) 件" : "\(range.lowerBound)–\(range.upperBound) 件"
            s += "<rect x=\"\(lx)\" y=\"\(legendY)\" width=\"14\" height=\"14\" fill=\"\(colour)\" stroke=\"#666\" stroke-width=\"0.5\"/>"
            s += "<text x=\"\(lx + 18)\" y=\"\(legendY + 12)\" font-size=\"11\">\(label)</text>"
        }
        return s + "</svg>"
    }
}
