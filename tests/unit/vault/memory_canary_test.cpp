// The process-memory canary: a kiosk session saves a unique answer, submits or abandons, and then
// the process scans every readable, writable mapping of its own memory (/proc/self/maps) for the
// answer's bytes. They must be gone: plaintext answers live only in SecureBytes, which are wiped when
// freed. Each scan runs in a forked child so that the test runner's own heap, and anything earlier
// tests left there, cannot hide or cause a result. The canary is kept XOR-masked in the test itself,
// and unmasked only straight into guarded memory, so the scanner does not find its own needle.
#include "test_dir.h"
#include "vault/device_vault.h"
#include "vault/memory_hygiene.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace selfdirect::vault;
using selfdirect::vault::testing::TestDir;

namespace {

constexpr unsigned char kMask = 0xA5;

struct Region {
    std::uintptr_t start = 0;
    std::uintptr_t end = 0;
    char name[96] = {};
};

// Built masked character by character: the whole plain canary never exists in the test's memory.
std::string masked_canary() {
    std::random_device rd;
    std::mt19937_64 digits(rd());
    std::string masked;
    for (char c : std::string_view("MEMCANARY-")) masked.push_back(static_cast<char>(static_cast<unsigned char>(c) ^ kMask));
    for (int i = 0; i < 24; ++i) {
        masked.push_back(static_cast<char>(static_cast<unsigned char>('0' + digits() % 10) ^ kMask));
    }
    return masked;
}

// Unmasks `prefix + canary + suffix` directly into guarded memory.
SecureBytes unmask_into_secure(const std::string& masked, std::string_view prefix = {}, std::string_view suffix = {}) {
    SecureBytes out(prefix.size() + masked.size() + suffix.size());
    std::size_t at = 0;
    for (char c : prefix) out.data()[at++] = static_cast<std::uint8_t>(c);
    for (char c : masked) out.data()[at++] = static_cast<std::uint8_t>(static_cast<unsigned char>(c) ^ kMask);
    for (char c : suffix) out.data()[at++] = static_cast<std::uint8_t>(c);
    return out;
}

// Uninstrumented byte loop: under ASan, freed and red-zone memory is still scanned, not reported.
__attribute__((no_sanitize("address"))) __attribute__((noinline)) bool region_has(const Region& r,
                                                                                 const std::string& masked,
                                                                                 std::uintptr_t& where) {
    const auto* base = reinterpret_cast<const volatile unsigned char*>(r.start);
    const std::size_t size = r.end - r.start;
    const std::size_t n = masked.size();
    const auto* needle = reinterpret_cast<const unsigned char*>(masked.data());
    for (std::size_t i = 0; i + n <= size; ++i) {
        if ((base[i] ^ kMask) != needle[0]) continue;
        std::size_t j = 1;
        while (j < n && (base[i + j] ^ kMask) == needle[j]) ++j;
        if (j == n) {
            where = r.start + i;
            return true;
        }
    }
    return false;
}

// Every readable+writable mapping of this process that holds the canary; details go to stderr.
int scan_own_memory(const std::string& masked) {
    std::vector<Region> regions;
    regions.reserve(4096);
    {
        std::FILE* maps = std::fopen("/proc/self/maps", "r");
        if (maps == nullptr) return -1;
        char line[512];
        while (std::fgets(line, sizeof line, maps) != nullptr) {
            Region r;
            char perms[8] = {};
            unsigned long start = 0;
            unsigned long end = 0;
            if (std::sscanf(line, "%lx-%lx %7s %*s %*s %*s %95[^\n]", &start, &end, perms, r.name) < 3) continue;
            if (perms[0] != 'r' || perms[1] != 'w') continue;
            // ASan's shadow and allocator reserves are terabytes of untouched address space.
            if (end - start > (1ul << 30)) continue;
            r.start = start;
            r.end = end;
            regions.push_back(r);
        }
        std::fclose(maps);
    }
    int hits = 0;
    for (const auto& r : regions) {
        std::uintptr_t where = 0;
        Region rest = r;
        while (rest.start < rest.end && region_has(rest, masked, where)) {
            ++hits;
            std::fprintf(stderr, "canary found at %#lx in mapping %#lx-%#lx %s\n", static_cast<unsigned long>(where),
                         static_cast<unsigned long>(r.start), static_cast<unsigned long>(r.end), r.name);
            rest.start = where + 1;
        }
    }
    return hits;
}

enum class Ending { Submit, Abandon, ResumeThenSubmit, PlantedCopy };

// The child's whole life: a kiosk session ending as asked, then the scan. Exit code = hits (capped).
int child_session(const std::filesystem::path& dir, const std::string& masked, Ending ending) {
    if (!harden_process().ok()) return 100;
    DeviceVaultOptions options;
    options.kdf_target_seconds = 0;
    auto opened = DeviceVault::open(dir, "kiosk-07", options);
    if (!opened.ok()) return 101;
    auto vault = std::move(opened).value();
    auto council = generate_council_keypair("council-2026");
    if (!council.ok()) return 102;
    const CouncilPublicKey council_pk{council->key_id, council->public_key};
    std::string planted;

    auto s = vault->begin_session();
    if (!s.ok()) return 103;
    if (!vault->save_answer(*s, "q1", unmask_into_secure(masked)).ok()) return 104;
    if (!vault->save_answer(*s, "q2", SecureBytes::from_string("other answer")).ok()) return 104;
    {
        auto answers = vault->load_answers(*s); // exercises decryption into guarded memory
        if (!answers.ok() || answers->size() != 2) return 105;
    }
    if (ending == Ending::ResumeThenSubmit) {
        auto code = vault->issue_resume_code(*s);
        if (!code.ok() || !vault->end_session(*s).ok()) return 106;
        auto resumed = vault->resume_session(code->code);
        if (!resumed.ok()) return 107;
        s = std::move(resumed);
        auto answers = vault->load_answers(*s);
        if (!answers.ok() || answers->size() != 2) return 108;
    }
    if (ending == Ending::Abandon) {
        if (!vault->end_session(*s).ok()) return 109;
    } else {
        auto response = unmask_into_secure(masked, R"({"resourceType":"QuestionnaireResponse","item":[{"linkId":"q1","answer":[{"valueString":")",
                                           R"("}]}]})");
        if (!vault->submit(*s, response, "SKEL-1", "1", council_pk).ok()) return 110;
    }
    if (ending == Ending::PlantedCopy) {
        // The control: an ordinary std::string copy of the answer, as careless code would make.
        for (char c : masked) planted.push_back(static_cast<char>(static_cast<unsigned char>(c) ^ kMask));
    }
    // Scan while the vault is still open (SQLite's page cache is live), then after closing it.
    const int open_hits = scan_own_memory(masked);
    vault.reset();
    const int closed_hits = scan_own_memory(masked);
    if (open_hits < 0 || closed_hits < 0) return 111;
    return std::min(open_hits + closed_hits, 99);
}

int run_in_child(Ending ending) {
    TestDir dir;
    const std::string masked = masked_canary();
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) ::_exit(child_session(dir.path(), masked, ending));
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

} // namespace

TEST_CASE("the memory scan finds a canary answer that careless code copied into an ordinary string") {
    const int hits = run_in_child(Ending::PlantedCopy);
    CHECK(hits >= 1);
    CHECK(hits < 100); // 100+ is a failed step in the child, not a scan result
}

TEST_CASE("after a kiosk session is submitted, its canary answer is nowhere in the process's writable memory") {
    CHECK(run_in_child(Ending::Submit) == 0);
}

TEST_CASE("after a kiosk session is abandoned, its canary answer is nowhere in the process's writable memory") {
    CHECK(run_in_child(Ending::Abandon) == 0);
}

TEST_CASE("after a session is resumed from its code and submitted, its canary answer is nowhere in memory") {
    CHECK(run_in_child(Ending::ResumeThenSubmit) == 0);
}

TEST_CASE("harden_process disables core dumps and makes the process non-dumpable") {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 1) ::_exit(10); // the control: dumpable before
        if (!harden_process().ok()) ::_exit(11);
        rlimit core{};
        if (::getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur != 0 || core.rlim_max != 0) ::_exit(12);
        if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) ::_exit(13);
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
