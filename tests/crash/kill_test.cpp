// The kill test (issue 4): starts crash_kill_child again and again and SIGKILLs it at a random moment
// (during open, mid-save, mid-submit...). After each kill it reopens the vault as a restarted app
// would and checks: integrity_check passes (DeviceVault::open runs it), every answer whose save had
// returned is present with its value (or the value of the save in flight), every record whose
// submit had returned is in the outbox exactly once, complete and openable by the council, and
// nothing is quarantined. Usage: crash_kill_test CHILD [KILLS] [SEED]; SELFDIRECT_KILLS overrides KILLS
// (the documented long run is SELFDIRECT_KILLS=10000). Exit status 0 only if every check held.
#include "vault/database.h"
#include "vault/device_vault.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <signal.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace selfdirect::vault;

namespace {

struct Expected {
    std::map<std::string, std::string> answers; // confirmed saves in the open session
    std::set<std::string> records;              // confirmed submits
};

struct InFlight {
    std::optional<std::pair<std::string, std::string>> save;
    bool submit = false;
};

int failures = 0;
void check(bool ok, const std::string& what, int round) {
    if (ok) return;
    ++failures;
    std::fprintf(stderr, "kill_test: round %d: %s\n", round, what.c_str());
}

// Runs the child until `delay`, SIGKILLs it and returns everything it wrote.
std::string run_and_kill(const std::string& child, const std::vector<std::string>& args, std::chrono::microseconds delay) {
    int fds[2];
    if (::pipe(fds) != 0) std::exit(2);
    const pid_t pid = ::fork();
    if (pid < 0) std::exit(2);
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        std::vector<char*> argv{const_cast<char*>(child.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(child.c_str(), argv.data());
        _exit(127);
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (WIFEXITED(status)) { // the child stopped by itself: a vault error, which is a failure
        std::fprintf(stderr, "kill_test: child exited with status %d\n", WEXITSTATUS(status));
        ++failures;
    }
    return out;
}

DeviceVaultOptions restart_options() {
    DeviceVaultOptions options;
    options.test_fixed_session_id = "kill-test-session";
    options.test_fixed_session_key = SecureBytes(std::string(32, 'k').data(), 32);
    options.test_keep_drafts = true;
    return options;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CHILD [KILLS] [SEED]\n", argv[0]);
        return 2;
    }
    const std::string child = argv[1];
    long kills = argc > 2 ? std::atol(argv[2]) : 200;
    if (const char* env = std::getenv("SELFDIRECT_KILLS")) kills = std::atol(env);
    const unsigned seed = argc > 3 ? static_cast<unsigned>(std::atol(argv[3])) : 4u;
    std::mt19937 rng(seed);

    std::string pattern = (std::filesystem::temp_directory_path() / "selfdirect-kill-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return 2;
    const std::filesystem::path data = std::filesystem::path(pattern) / "data";

    auto council = generate_council_keypair("council-kill");
    if (!council.ok()) return 2;
    const std::vector<std::string> args{data.string(), council->key_id, to_base64(council->public_key)};

    Expected expected;
    std::set<std::string> opened; // records already opened with the council key (see below)
    long saves = 0, submits = 0, mid_operation = 0;
    const auto started = std::chrono::steady_clock::now();
    for (long round = 0; round < kills && failures == 0; ++round) {
        // Early rounds also land during open; later ones mostly mid-loop.
        const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(500, 40000)(rng));
        const std::string out = run_and_kill(child, args, delay);

        InFlight flight;
        std::istringstream lines(out);
        std::string tag, link, value;
        for (std::string line; std::getline(lines, line);) {
            std::istringstream words(line);
            words >> tag;
            if (tag == "s") {
                words >> link >> value;
                flight.save = std::make_pair(link, value);
            } else if (tag == "S") {
                words >> link >> value;
                expected.answers[link] = value;
                flight.save.reset();
                ++saves;
            } else if (tag == "u") {
                flight.submit = true;
            } else if (tag == "U") {
                words >> value;
                expected.records.insert(value);
                expected.answers.clear();
                flight.submit = false;
                ++submits;
            }
        }
        if (flight.save || flight.submit) ++mid_operation;

        // The restart.
        auto vault = DeviceVault::open(data, "kiosk-kill", restart_options());
        if (!vault.ok()) {
            check(false, "reopen failed: " + vault.error().code + ": " + vault.error().message, static_cast<int>(round));
            break;
        }
        auto session = (*vault)->begin_session();
        auto loaded = (*vault)->load_answers(*session);
        auto pending = (*vault)->pending_outbox();
        if (!loaded.ok() || !pending.ok()) {
            check(false, "load_answers/pending_outbox failed", static_cast<int>(round));
            break;
        }
        std::set<std::string> seen;
        for (const auto& entry : *pending) {
            check(seen.insert(entry.record_id).second, "duplicated outbox record " + entry.record_id, static_cast<int>(round));
            check(envelope_hash(entry.envelope) == entry.envelope_hash, "outbox hash mismatch", static_cast<int>(round));
            // Opening a record costs guarded memory (mmap/munmap), so each record is opened once, the
            // first time it is seen; after that its stored hash (checked above every round) proves it is
            // the same bytes. Opening all of them every round made the 10,000-kill run quadratic.
            if (opened.insert(entry.record_id).second)
                check(open_record(entry.envelope, *council).ok(), "outbox record does not open", static_cast<int>(round));
        }
        for (const auto& id : expected.records) check(seen.count(id) == 1, "lost record " + id, static_cast<int>(round));
        const bool extra = seen.size() == expected.records.size() + 1;
        check(seen.size() == expected.records.size() || (extra && flight.submit), "unexpected outbox size",
              static_cast<int>(round));
        if (extra) { // the in-flight submit committed before the kill: adopt it
            for (const auto& id : seen) expected.records.insert(id);
            expected.answers.clear();
            check(loaded->empty(), "drafts survived a committed submit", static_cast<int>(round));
        } else {
            for (const auto& [l, v] : expected.answers) {
                const auto it = loaded->find(l);
                const bool present = it != loaded->end();
                check(present, "lost answer " + l + "=" + v, static_cast<int>(round));
                if (!present) continue;
                const std::string got(it->second.view());
                const bool in_flight = flight.save && flight.save->first == l && flight.save->second == got;
                check(got == v || in_flight, "answer " + l + " is " + got + ", expected " + v, static_cast<int>(round));
            }
            // Adopt what is there now (an in-flight save may have committed).
            expected.answers.clear();
            for (const auto& [l, v] : *loaded) expected.answers[l] = std::string(v.view());
        }
        vault->reset();
        auto db = Database::open(data / "device.db");
        if (db.ok()) {
            auto q = (*db)->prepare("SELECT count(*) FROM quarantine");
            check(q.ok() && q->step().ok() && q->column_int(0) == 0, "rows in quarantine", static_cast<int>(round));
        } else {
            check(false, "integrity/open failed: " + db.error().message, static_cast<int>(round));
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("kill test: %ld SIGKILLs (%ld mid-operation), %ld confirmed saves, %ld confirmed submits, "
                "%zu records in the outbox, %.1f s, %d failures\n",
                kills, mid_operation, saves, submits, expected.records.size(), seconds, failures);
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
    return failures == 0 ? 0 : 1;
}
