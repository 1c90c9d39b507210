// The fuzz targets' assertion. assert() vanishes under NDEBUG (the fuzz preset is RelWithDebInfo),
// and a broken invariant must stop the fuzzer with a crash artefact whatever the build type.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                                        \
    do {                                                                                              \
        if (!(cond)) {                                                                                \
            std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  (%s)\n", __FILE__, __LINE__, what, \
                         #cond);                                                                      \
            std::abort();                                                                             \
        }                                                                                             \
    } while (0)
