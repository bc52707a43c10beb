#ifndef RUBRIC_PREFETCH_H
#define RUBRIC_PREFETCH_H

/// Asks the processor to bring the cache line at `address` in for writing,
/// without waiting for it: the scorer names an event's state slot as soon as
/// the event's unit and type are known, and adds to it after the rest of the
/// line is checked (a slot of a large rubric's state is a random line of
/// megabytes, a cache miss the check then overlaps). A hint: no effect on
/// what is computed.
static inline void rubric_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
