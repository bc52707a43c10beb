#ifndef RUBRIC_BYTEMASK_H
#define RUBRIC_BYTEMASK_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Which of the 32 bytes at `p` are a comma, a double quote or NUL, as a
/// mask (bit k for `p[k]`): the one question the CSV splitter asks of a
/// byte, asked of 32 at once with SSE2 (which every x86-64 processor has;
/// elsewhere a loop the compiler may vectorize). Swift's SIMD types have
/// no byte mask, hence C. Reads all 32 bytes: the caller pads its lines.
static inline uint32_t rubric_csv_marks32(const uint8_t *p) {
#if defined(__SSE2__)
    uint32_t mask = 0;
    for (int half = 0; half < 2; half++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * half));
        __m128i marks = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
                                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
                                     _mm_cmpeq_epi8(v, _mm_setzero_si128()));
        mask |= (uint32_t)_mm_movemask_epi8(marks) << (16 * half);
    }
    return mask;
#else
    uint32_t mask = 0;
    for (int k = 0; k < 32; k++) {
        uint8_t c = p[k];
        mask |= (uint32_t)(c == ',' || c == '"' || c == 0) << k;
    }
    return mask;
#endif
}

#endif
