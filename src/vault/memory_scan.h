// The kiosk must forget the last person, in RAM as well as on disk (issue 4 "canary", issue 5 idle
// wipe). This scans the process's own readable and writable mappings for a test canary. The needle
// is given XOR-masked, so the scanner never holds the plain text it is looking for and cannot find
// itself. Test support, compiled into the app for its scripted end-to-end checks; never run on a
// person's real answers.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace selfdirect::vault {

inline constexpr unsigned char kCanaryMask = 0xA5;

struct CanaryHit {
    std::uintptr_t address = 0;
    std::string mapping; // the mapping's name from /proc/self/maps ("[heap]", a library, "")
    bool utf16 = false;  // found as UTF-16LE (Dear ImGui keeps edited text as ImWchar)
    std::string before;  // the 16 bytes just before the hit, as hex: for a heap block, glibc's chunk
                         // header tells its size (never the canary itself, which starts after)
};

// Every place the canary's bytes (unmasked: masked[i] ^ kCanaryMask) occur, as UTF-8 and as
// UTF-16LE (for ASCII canaries). "vault.io" if /proc/self/maps cannot be read.
Result<std::vector<CanaryHit>> find_canary_in_own_memory(const std::string& masked);

} // namespace selfdirect::vault
