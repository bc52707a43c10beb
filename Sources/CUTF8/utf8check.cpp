// The UTF-8 check of every reader: simdjson's (Debian: libsimdjson-dev),
// behind a C face that Swift imports.
#include "utf8check.h"
#include <simdjson.h>

bool rubric_valid_utf8(const uint8_t *bytes, size_t count) {
    return simdjson::validate_utf8(reinterpret_cast<const char *>(bytes), count);
}
