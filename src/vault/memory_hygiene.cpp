// Core-dump and ptrace protection for the process (see memory_hygiene.h).
#include "vault/memory_hygiene.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace selfdirect::vault {

Result<void> harden_process() {
    const rlimit none{0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0) {
        return make_error("vault.hardening", std::string("cannot disable core dumps: ") + std::strerror(errno));
    }
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        return make_error("vault.hardening", std::string("cannot mark the process non-dumpable: ") + std::strerror(errno));
    }
    return {};
}

} // namespace selfdirect::vault
