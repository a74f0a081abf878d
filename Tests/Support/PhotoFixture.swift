import Foundation

/// Test photos made by Pillow and piexif (Tests/oracle/make_photo.py), with what they carry as
/// the script read it back: an independent writer of the EXIF the code under test reads.
public struct PhotoFixture: Sendable {
    public var bytes: [UInt8]
    public var latitude: Double?
    public var longitude: Double?

    /// Lower-case hex SHA-256 of the bytes, as `sha256sum` prints it.
    public var sha256: String {
        get async throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sum-\(UUID().uuidString)").path
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (_, out) = try await ChildProcess.run("/usr/bin/sha256sum", [path])
            return String(out.prefix(64))
        }
    }

    /// `arguments` are make_photo.py's options, e.g. ["--lat", "31.23", "--lon", "121.47"].
    public static func make(_ arguments: [String] = []) async throws -> PhotoFixture {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("photo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("oracle/make_photo.py").path
        let (status, output) = try await ChildProcess.run("/usr/bin/env", ["python3", script, out] + arguments, mergingErrors: true)
        guard status == 0, let data = FileManager.default.contents(atPath: out),
              let line = output.split(separator: "\n").last,
              let facts = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw FixtureFailure(message: "make_photo.py \(arguments.joined(separator: " ")) failed (\(status)): \(output)")
        }
        return PhotoFixture(bytes: [UInt8](data), latitude: facts["latitude"] as? Double, longitude: facts["longitude"] as? Double)
    }

    /// What Pillow sees in `bytes`: size and whether any EXIF is left (the oracle for stripping).
    public static func inspect(_ bytes: [UInt8]) async throws -> (width: Int, height: Int, exifTags: Int, topLeftRed: Bool) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seen-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let code = """
        import sys, json
        from PIL import Image
        im = Image.open(sys.argv[1]); im.load()
        r, g, b = im.convert('RGB').getpixel((2, 2))
        print(json.dumps([im.width, im.height, len(im.getexif()), r > 200 and g < 80 and b < 80]))
        """
        let (status, output) = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", code, path], mergingErrors: true)
        guard status == 0, let line = output.split(separator: "\n").last,
              let a = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], a.count == 4 else {
            throw FixtureFailure(message: "Pillow could not read the rendition: \(output)")
        }
        return (a[0] as? Int ?? -1, a[1] as? Int ?? -1, a[2] as? Int ?? -1, a[3] as? Bool ?? false)
    }
}

public struct FixtureFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
