#include "re2shim.h"
#include <re2/re2.h>
#include <cstdlib>
#include <cstring>

struct re2shim {
    RE2 re;
    re2shim(re2::StringPiece pattern, const RE2::Options &options) : re(pattern, options) {}
};

extern "C" re2shim *re2shim_compile(const char *pattern, size_t length, char **error) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_encoding(RE2::Options::EncodingUTF8);
    re2shim *r = new re2shim(re2::StringPiece(pattern, length), options);
    if (!r->re.ok()) {
        if (error) *error = strdup(r->re.error().c_str());
        delete r;
        return nullptr;
    }
    return r;
}

extern "C" int re2shim_partial_match(const re2shim *r, const char *text, size_t length) {
    return RE2::PartialMatch(re2::StringPiece(text, length), r->re) ? 1 : 0;
}

extern "C" void re2shim_free(re2shim *r) { delete r; }

extern "C" void re2shim_free_error(char *error) { free(error); }
