import ArgumentParser
import Foundation
import GeoCore
import ProjKit

/// `citygrid transform --from CRS --to CRS`: reprojects points read from standard input, one per
/// line, as `cs2cs` does, but always with x = easting/longitude first.
///
/// A line that cannot be read or transformed is reported on standard error with its line number
/// and produces no output line; the command carries on with the next line (a bad record must not
/// lose a million-line batch) and exits with status 1 at the end if any line failed.
struct TransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Transform points read from standard input from one coordinate system to another.",
        discussion: """
            Each input line holds x y or x y z, separated by spaces, tabs or commas; x is easting \
            or longitude, y northing or latitude, whatever the system's official axis order. Blank \
            lines and lines starting with # are skipped. Each output line is x y [z] with the \
            shortest decimal that reads back to the same double. A line that cannot be read or \
            transformed is reported on standard error with its number; the others are still \
            transformed, and the exit status is 1 if any line failed.

            CRS: an EPSG code (4549 or EPSG:4549), a PROJ string (+proj=utm +zone=51 +datum=WGS84), \
            WKT, the path of a shapefile's .prj file, or one of wgs84, crs84, gcj02, bd09. \
            CityGrid works in EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E).
            """)

    @Option(help: "The coordinate system of the input points.")
    var from: String

    @Option(help: "The coordinate system to write the points in.")
    var to: String

    func run() throws {
        let source = try CoordinateSystemArgument.resolve(from, option: "--from")
        let target = try CoordinateSystemArgument.resolve(to, option: "--to")
        let transform = try Transform(from: source, to: target)
        var batch = PointBatch(transform: transform)
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            switch CoordinateLine.parse(line) {
            case .skip: continue
            case .failure(let reason): batch.reportFailure(line: lineNumber, reason)
            case .point(let point): batch.append(point, line: lineNumber)
            }
            if batch.isFull { batch.flush() }
        }
        batch.flush()
        if batch.failedLines > 0 {
            standardError("citygrid transform: \(batch.failedLines) of \(lineNumber) lines failed")
            throw ExitCode(1)
        }
    }
}

/// Points gathered for one bulk transform call (`proj_trans_generic` underneath), written out
/// in input order. When the bulk call fails, the batch is redone point by point so that every
/// failing line is named and every good line still written.
struct PointBatch {
    let transform: Transform
    private var points: [Point] = []
    private var lines: [Int] = []
    private(set) var failedLines = 0
    static let capacity = 4096

    init(transform: Transform) {
        self.transform = transform
    }

    var isFull: Bool { points.count >= Self.capacity }

    mutating func append(_ point: Point, line: Int) {
        points.append(point)
        lines.append(line)
    }

    mutating func reportFailure(line: Int, _ reason: String) {
        flush()   // keep stdout and stderr in input order
        failedLines += 1
        standardError("line \(line): \(reason)")
    }

    mutating func flush() {
        guard !points.isEmpty else { return }
        var output = ""
        var transformed = points
        do {
            try transform.transform(&transformed)
            for p in transformed { output += CoordinateLine.format(p) + "\n" }
        } catch {
            for (point, line) in zip(points, lines) {
                do {
                    output += CoordinateLine.format(try transform.transform(point)) + "\n"
                } catch {
                    standardOutput(output)
                    output = ""
                    failedLines += 1
                    standardError("line \(line): \(Self.describe(error))")
                }
            }
        }
        standardOutput(output)
        points.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }

    /// A single point's failure, worded for a line of input (its index within the call is 0).
    static func describe(_ error: any Error) -> String {
        guard case ProjError.pointNotTransformed(_, let point, let message) = error else { return "\(error)" }
        return "cannot transform (\(CoordinateLine.format(point))): \(message)"
    }
}

func standardOutput(_ text: String) {
    guard !text.isEmpty else { return }
    FileHandle.standardOutput.write(Data(text.utf8))
}

func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
