internal import CVips

/// What is kept of a photo besides its original bytes: a viewing size and a thumbnail, both
/// upright (EXIF orientation applied) and both stripped of every metadata block, so a served
/// photo never carries the GPS position or the phone's serial number.
public struct PhotoRenditions: Sendable {
    public var format: ImageFormat
    /// The original's size once upright.
    public var width: Int
    public var height: Int
    public var view: [UInt8]
    public var thumbnail: [UInt8]
    public var exif: PhotoExif

    /// Longest side of the viewing size and of the thumbnail, in pixels.
    public static let viewSize = 1600
    public static let thumbnailSize = 320

    /// Decodes `bytes` (any supported format, told from the signature) and makes both renditions.
    /// The viewing size is made from the original with shrink-on-load, which also decodes every
    /// scan line, so a truncated file fails here; the thumbnail is made from the viewing size,
    /// a fifth of the pixels.
    public static func make(from bytes: [UInt8], viewSize: Int = viewSize,
                            thumbnailSize: Int = thumbnailSize) throws(ImageError) -> PhotoRenditions {
        guard !bytes.isEmpty else { throw .empty }
        guard let format = ImageFormat(sniffing: bytes) else {
            throw .unsupportedFormat(signature: ImageFormat.signature(of: bytes))
        }
        guard Vips.started else { throw .undecodable(format: format, reason: "libvips did not start") }
        let exif = ExifReader.read(bytes, format: format)
        do throws(VipsFailure) {
            let (upright, view) = try withPinned(bytes) { raw throws(VipsFailure) in
                guard let p = citygrid_vips_header(raw.baseAddress, raw.count) else { throw VipsFailure.take() }
                let header = VipsImage(p)
                let upright = header.orientationSwapsAxes ? (header.height, header.width) : (header.width, header.height)
                return (upright, try shrink(raw, to: viewSize).jpeg(quality: 85))
            }
            let thumbnail = try withPinned(view) { raw throws(VipsFailure) in try shrink(raw, to: thumbnailSize).jpeg(quality: 80) }
            return PhotoRenditions(format: format, width: upright.0, height: upright.1, view: view,
                                   thumbnail: thumbnail, exif: exif)
        } catch {
            throw .undecodable(format: format, reason: error.message)
        }
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
