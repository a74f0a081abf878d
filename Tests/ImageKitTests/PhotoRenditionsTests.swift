import Foundation
import ImageKit
import Testing
import TestSupport

/// Photos made by Pillow/piexif go in; what comes out is read back by Pillow: the EXIF values
/// as written, renditions upright and of the promised size, no metadata left in what is served.
struct PhotoRenditionsTests {
    @Test func readsTheTimeAndPositionPiexifWrote() async throws {
        let photo = try await PhotoFixture.make(["--taken", "2026:11:30 09:15:02", "--offset", "+08:00",
                                                 "--lat", "31.2304", "--lon", "121.4737", "--orientation", "6"])
        let exif = ExifReader.read(photo.bytes, format: .jpeg)
        #expect(exif.dateTimeOriginal == "2026:11:30 09:15:02")
        #expect(exif.offsetTimeOriginal == "+08:00")
        #expect(exif.orientation == 6)
        #expect(abs((exif.latitude ?? 0) - (photo.latitude ?? 99)) < 1e-9)
        #expect(abs((exif.longitude ?? 0) - (photo.longitude ?? 99)) < 1e-9)
        let utc = exif.takenAt(defaultZone: TimeZone(identifier: "UTC")!)
        #expect(utc == ISO8601DateFormatter().date(from: "2026-11-30T01:15:02Z"))
    }

    @Test func southAndWestAreNegativeAndTheLocalZoneIsTheDefault() async throws {
        let photo = try await PhotoFixture.make(["--taken", "2026:07:01 23:59:59", "--lat", "-33.8688", "--lon", "-70.6693"])
        let exif = ExifReader.read(photo.bytes, format: .jpeg)
        #expect(abs((exif.latitude ?? 0) - (photo.latitude ?? 0)) < 1e-9 && (exif.latitude ?? 0) < 0)
        #expect(abs((exif.longitude ?? 0) - (photo.longitude ?? 0)) < 1e-9 && (exif.longitude ?? 0) < 0)
        let shanghai = exif.takenAt(defaultZone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(shanghai == ISO8601DateFormatter().date(from: "2026-07-01T15:59:59Z"))
    }

    @Test func pngAndWebPCarryTheirExifToo() async throws {
        for format in ["png", "webp"] {
            let photo = try await PhotoFixture.make(["--format", format, "--lat", "31.1", "--lon", "121.2", "--taken", "2026:01:02 03:04:05"])
            let sniffed = ImageFormat(sniffing: photo.bytes)
            #expect(sniffed?.rawValue == format)
            let exif = ExifReader.read(photo.bytes, format: sniffed ?? .jpeg)
            #expect(exif.dateTimeOriginal == "2026:01:02 03:04:05", "\(format)")
            #expect(abs((exif.latitude ?? 0) - 31.1) < 1e-6, "\(format)")
        }
    }

    @Test func renditionsAreUprightSizedAndStripped() async throws {
        // Stored 1200 × 800 with orientation 6 (turn a quarter clockwise): upright it is 800 × 1200.
        let photo = try await PhotoFixture.make(["--width", "4000", "--height", "3000", "--orientation", "6",
                                                 "--lat", "31.2304", "--lon", "121.4737", "--taken", "2026:11:30 09:15:02"])
        let r = try PhotoRenditions.make(from: photo.bytes)
        #expect(r.format == .jpeg)
        #expect(r.width == 3000 && r.height == 4000)
        let view = try await PhotoFixture.inspect(try PhotoRenditions.view(of: photo.bytes))
        #expect(view.width == 1200 && view.height == 1600)
        #expect(view.exifTags == 0)
        // Upright: the red block that was stored top-left is now top-right, so top-left is not red.
        #expect(!view.topLeftRed)
        let thumb = try await PhotoFixture.inspect(r.thumbnail)
        #expect(thumb.width == 240 && thumb.height == 320)
        #expect(thumb.exifTags == 0)
    }

    @Test func aSmallPhotoIsNeverEnlarged() async throws {
        let photo = try await PhotoFixture.make(["--format", "png", "--width", "300", "--height", "200"])
        let r = try PhotoRenditions.make(from: photo.bytes)
        #expect(r.width == 300 && r.height == 200)
        let view = try await PhotoFixture.inspect(try PhotoRenditions.view(of: photo.bytes))
        #expect(view.width == 300 && view.height == 200)
        #expect(view.topLeftRed)
    }

    @Test func aTruncatedJPEGIsRefusedNotHalfGrey() async throws {
        let photo = try await PhotoFixture.make(["--width", "1600", "--height", "1200", "--truncate", "0.6"])
        #expect(ImageFormat(sniffing: photo.bytes) == .jpeg)
        do {
            _ = try PhotoRenditions.make(from: photo.bytes)
            Issue.record("a truncated JPEG was taken in")
        } catch {
            guard case .undecodable(.jpeg, _) = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func bytesThatAreNoImageNameWhatTheyStartWith() throws {
        let text = Array("%PDF-1.7 not a photo".utf8)
        #expect(throws: ImageError.unsupportedFormat(signature: "25 50 44 46 2D 31 2E 37")) { try PhotoRenditions.make(from: text) }
        #expect(throws: ImageError.empty) { try PhotoRenditions.make(from: []) }
    }

    /// A damaged EXIF block gives fewer fields, never a crash: random bytes written over the
    /// block of a real photo, 2,000 times.
    @Test func damagedExifIsReadAsFarAsItGoes() async throws {
        let photo = try await PhotoFixture.make(["--taken", "2026:11:30 09:15:02", "--lat", "31.2", "--lon", "121.4", "--orientation", "3"])
        var random = SplitMix64(seed: 17)
        for _ in 0..<2_000 {
            var b = photo.bytes
            for _ in 0..<8 {
                let at = 2 + Int(random.next() % 400)
                if at < b.count { b[at] = UInt8(truncatingIfNeeded: random.next()) }
            }
            _ = ExifReader.read(b, format: .jpeg)
            _ = ExifReader.read(Array(b.prefix(Int(random.next() % 600))), format: .jpeg)
        }
    }
}
