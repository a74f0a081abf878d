#include <vips/vips.h>

// Swift does not import C's variadic functions, and libvips passes every option through one
// (`..., NULL`). These fix the few calls ImageKit makes, with the options it needs, and nothing
// else: the rest of libvips stays out of reach on purpose.

static inline int citygrid_vips_init(void) { return vips_init("citygrid"); }

/// Decodes `buf` and shrinks it to fit `size` × `size` (never enlarging), turned upright by its
/// EXIF orientation. A truncated or corrupt file is an error, not a grey bottom half.
static inline VipsImage *citygrid_vips_thumbnail(const void *buf, size_t len, int size) {
    VipsImage *out = NULL;
    if (vips_thumbnail_buffer((void *)buf, len, &out, size, "height", size, "size", VIPS_SIZE_DOWN,
                              "option_string", "fail_on=truncated", NULL) != 0) return NULL;
    return out;
}

/// The header only: width, height and the format's loader, without decoding pixels.
static inline VipsImage *citygrid_vips_header(const void *buf, size_t len) {
    return vips_image_new_from_buffer(buf, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

/// Baseline JPEG with no metadata at all (EXIF, XMP, ICC dropped): what is served.
static inline int citygrid_vips_jpeg(VipsImage *in, int quality, void **buf, size_t *len) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, "optimize_coding", TRUE, NULL);
}
