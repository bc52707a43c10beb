// A C face for RE2 (Debian's libre2), so that Swift calls it without C++
// interoperability: CEL's `matches` is RE2, in linear time.
#ifndef RE2SHIM_H
#define RE2SHIM_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct re2shim re2shim;

/// Compiles `pattern` (UTF-8, `length` bytes); NULL when it is not RE2
/// syntax, with the reason in `*error` (free it with `re2shim_free_error`).
re2shim *re2shim_compile(const char *pattern, size_t length, char **error);

/// Whether the pattern matches anywhere in `text` (`length` bytes): 1 or 0.
int re2shim_partial_match(const re2shim *re, const char *text, size_t length);

void re2shim_free(re2shim *re);
void re2shim_free_error(char *error);

#ifdef __cplusplus
}
#endif
#endif
