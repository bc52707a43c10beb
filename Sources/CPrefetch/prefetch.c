// The prefetch hint is a static inline function of include/prefetch.h (Swift
// calls it inlined); this file gives the C target its one source.
#include "prefetch.h"
