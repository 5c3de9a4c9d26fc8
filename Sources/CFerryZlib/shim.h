#ifndef FERRY_ZLIB_SHIM_H
#define FERRY_ZLIB_SHIM_H
#include <zlib.h>

/// deflateInit2 and inflateInit2 are macros in zlib.h; wrap them so Swift can call them.
static inline int ferry_deflateInit2(z_streamp strm, int level) {
    /* windowBits 15 + 16 selects a gzip wrapper; memLevel 8 is zlib's default. */
    return deflateInit2(strm, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

static inline int ferry_inflateInit2(z_streamp strm) {
    /* windowBits 15 + 16 accepts a gzip wrapper only. */
    return inflateInit2(strm, 15 + 16);
}
#endif
