// What Swift cannot say to the processor (include/): a prefetch hint and a
// vector byte mask, static inline functions that Swift calls inlined; this
// file gives the C target its one source.
#include "prefetch.h"
#include "bytemask.h"
