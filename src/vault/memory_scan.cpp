// Scans this process's writable memory for a masked canary (see memory_scan.h).
#include "vault/memory_scan.h"

#include <cstdio>

namespace selfdirect::vault {
namespace {

struct Region {
    std::uintptr_t start = 0, end = 0;
    std::string name;
};

// A plain byte loop, not memmem: the needle must stay masked, and under ASan freed and red-zone bytes
// must be read rather than reported (they are exactly where a forgotten copy would hide).
__attribute__((no_sanitize("address"))) __attribute__((noinline)) void scan_region(const Region& r,
                                                                                    const std::vector<unsigned char>& masked,
                                                                                    bool utf16, std::vector<CanaryHit>& hits) {
    const auto* base = reinterpret_cast<const volatile unsigned char*>(r.start);
    const std::size_t size = r.end - r.start, n = masked.size();
    if (n == 0 || size < n) return;
    // A byte matches when it, masked, equals the masked needle: the plain canary never exists here.
    for (std::size_t i = 0; i + n <= size; ++i) {
        if ((base[i] ^ kCanaryMask) != masked[0]) continue;
        std::size_t j = 1;
        while (j < n && (base[i + j] ^ kCanaryMask) == masked[j]) ++j;
        if (j == n) {
            std::string before;
            for (std::size_t k = i >= 16 ? i - 16 : 0; k < i; ++k) {
                char hex[4];
                std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned>(base[k]));
                before += hex;
            }
            hits.push_back({r.start + i, r.name, utf16, std::move(before)});
        }
    }
}

} // namespace

Result<std::vector<CanaryHit>> find_canary_in_own_memory(const std::string& masked) {
    std::vector<Region> regions;
    std::FILE* maps = std::fopen("/proc/self/maps", "r");
    if (maps == nullptr) return make_error("vault.io", "cannot read /proc/self/maps");
    char line[512];
    while (std::fgets(line, sizeof line, maps) != nullptr) {
        unsigned long start = 0, end = 0;
        char perms[8] = {}, name[256] = {};
        if (std::sscanf(line, "%lx-%lx %7s %*s %*s %*s %255[^\n]", &start, &end, perms, name) < 3) continue;
        if (perms[0] != 'r' || perms[1] != 'w') continue;
        if (end - start > (1ul << 30)) continue; // ASan's shadow and allocator reserves: untouched space
        regions.push_back({start, end, name});
    }
    std::fclose(maps);

    // The needle as UTF-8, and as UTF-16LE for ASCII text (each byte followed by a zero), both masked.
    std::vector<unsigned char> utf8(masked.begin(), masked.end()), utf16;
    for (unsigned char m : utf8) {
        utf16.push_back(m);
        utf16.push_back(kCanaryMask); // 0 ^ mask
    }
    std::vector<CanaryHit> hits;
    for (const Region& r : regions) {
        scan_region(r, utf8, false, hits);
        scan_region(r, utf16, true, hits);
    }
    return hits;
}

} // namespace selfdirect::vault
