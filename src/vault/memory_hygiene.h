// Process-wide protections for a program that holds keys and plaintext answers in memory: no core
// dumps (a crash must not write answers to disk) and not dumpable (no ptrace attach by other
// processes of the same user, no /proc/<pid>/mem reads). Each executable calls this first thing.
#pragma once

#include "core/result.h"

namespace selfdirect::vault {

// setrlimit(RLIMIT_CORE, 0) and prctl(PR_SET_DUMPABLE, 0). "vault.hardening" if either fails.
Result<void> harden_process();

} // namespace selfdirect::vault
