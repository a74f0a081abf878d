internal import CVips

/// What is made of a photo as it is taken in: the thumbnail, upright (EXIF orientation applied)
/// and stripped of every metadata block, so a served photo never carries the GPS position or the
/// phone's serial number; the original's upright size; what its EXIF says. The viewing size is
/// made the same way when it is first asked for (`view(of:)`): an officer waiting on a slow
/// network for the upload's answer waits for the one decode the thumbnail needs, not two.
public struct PhotoRenditions: Sendable {
    public var format: ImageFormat
    /// The original's size once upright.
    public var width: Int
    public var height: Int
    public var thumbnail: [UInt8]
    public var exif: PhotoExif

    /// Longest side of the viewing size and of the thumbnail, in pixels.
    public static let viewSize = 1600
    public static let thumbnailSize = 320

    /// Decodes `bytes` (any supported format, told from the signature) and makes the thumbnail.
    /// Shrink-on-load still decodes every scan of the file, so a truncated one fails here.
    public static func make(from bytes: [UInt8], thumbnailSize: Int = thumbnailSize) throws(ImageError) -> PhotoRenditions {
        let format = try check(bytes)
        let exif = ExifReader.read(bytes, format: format)
        do throws(VipsFailure) {
            let (upright, thumbnail) = try withPinned(bytes) { raw throws(VipsFailure) in
                guard let p = citygrid_vips_header(raw.baseAddress, raw.count) else { throw VipsFailure.take() }
                let header = VipsImage(p)
                let upright = header.orientationSwapsAxes ? (header.height, header.width) : (header.width, header.height)
                return (upright, try shrink(raw, to: thumbnailSize).jpeg(quality: 80))
            }
            return PhotoRenditions(format: format, width: upright.0, height: upright.1, thumbnail: thumbnail, exif: exif)
        } catch {
            throw .undecodable(format: format, reason: error.message)
        }
    }

    /// The viewing size of a photo already taken in: at most `size` pixels on the longer side,
    /// upright, no metadata.
    public static func view(of bytes: [UInt8], size: Int = viewSize) throws(ImageError) -> [UInt8] {
        let format = try check(bytes)
        do throws(VipsFailure) {
            return try withPinned(bytes) { raw throws(VipsFailure) in try shrink(raw, to: size).jpeg(quality: 85) }
        } catch {
            throw .undecodable(format: format, reason: error.message)
        }
    }

    /// The format of `bytes`, or why they are not an image this module takes.
    static func check(_ bytes: [UInt8]) throws(ImageError) -> ImageFormat {
        guard !bytes.isEmpty else { throw .empty }
        guard let format = ImageFormat(sniffing: bytes) else {
            throw .unsupportedFormat(signature: ImageFormat.signature(of: bytes))
        }
        guard Vips.started else { throw .undecodable(format: format, reason: "libvips did not start") }
        return format
    }

    /// libvips reads a buffer lazily, while the images made from it live: every image made from
    /// `bytes` is made, encoded and released inside `body`, where the bytes stay put.
    static func withPinned<T>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(VipsFailure) -> T) throws(VipsFailure) -> T {
        let result: Result<T, VipsFailure> = bytes.withUnsafeBytes { raw in
            do throws(VipsFailure) { return .success(try body(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func shrink(_ raw: UnsafeRawBufferPointer, to size: Int) throws(VipsFailure) -> VipsImage {
        guard let p = citygrid_vips_thumbnail(raw.baseAddress, raw.count, Int32(size)) else { throw VipsFailure.take() }
        return VipsImage(p)
    }
}
