internal import CVips

/// One libvips image, released in one place (`deinit`). Nothing outside ImageKit sees the pointer.
final class VipsImage {
    let pointer: UnsafeMutablePointer<CVips.VipsImage>

    init(_ pointer: UnsafeMutablePointer<CVips.VipsImage>) { self.pointer = pointer }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }

    var width: Int { Int(vips_image_get_width(pointer)) }
    var height: Int { Int(vips_image_get_height(pointer)) }
    /// True when the EXIF orientation turns the image a quarter (5–8): width and height swap.
    var orientationSwapsAxes: Bool { vips_image_get_orientation_swap(pointer) != 0 }

    /// The image as a metadata-free JPEG.
    func jpeg(quality: Int) throws(VipsFailure) -> [UInt8] {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard citygrid_vips_jpeg(pointer, Int32(quality), &buffer, &length) == 0, let buffer else {
            throw VipsFailure.take()
        }
        defer { g_free(buffer) }
        return [UInt8](UnsafeRawBufferPointer(start: buffer, count: length))
    }
}

/// libvips' error text, taken from its (process-wide) buffer and cleared.
struct VipsFailure: Error {
    var message: String

    static func take() -> VipsFailure {
        let text = vips_error_buffer().map { String(cString: $0) } ?? ""
        vips_error_clear()
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        return VipsFailure(message: lines.isEmpty ? "libvips gave no reason" : lines.joined(separator: "; "))
    }
}

/// Starts libvips once per process. Its operation cache is turned off: a server sees each photo
/// once, and a cache of decoded 12-megapixel images only costs memory.
enum Vips {
    static let started: Bool = {
        guard citygrid_vips_init() == 0 else { return false }
        vips_cache_set_max(0)
        return true
    }()
}
