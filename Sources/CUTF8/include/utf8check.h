#ifndef RUBRIC_UTF8CHECK_H
#define RUBRIC_UTF8CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Whether `bytes[0..<count]` is valid UTF-8 (no overlong forms, no
/// surrogates, nothing past U+10FFFF): simdjson's validator, which picks
/// the vector instructions of the processor it runs on.
bool rubric_valid_utf8(const uint8_t *bytes, size_t count);

#ifdef __cplusplus
}
#endif

#endif
