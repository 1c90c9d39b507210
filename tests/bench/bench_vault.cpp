// Benchmark (not a test): the vault's two hot paths. A durable encrypted answer save (encrypt with
// XChaCha20-Poly1305, one autocommit INSERT, WAL + synchronous=FULL, so one fsync) runs each time a
// resident answers a question: target p99 <= 2 ms (docs/benchmarks.md). Seal+sign is what submit
// does before storing; submit adds the durable outbox insert.
#include "vault/device_key.h"
#include "vault/device_vault.h"
#include "vault/envelope.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace selfdirect::vault;

namespace {

// A fresh data dir in TMPDIR (or /tmp), removed when the benchmark ends. Put TMPDIR on the disk you
// want to measure: tmpfs makes fsync free.
struct BenchDir {
    BenchDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "selfdirect-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) std::abort();
        path = pattern;
    }
    ~BenchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::filesystem::path path;
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void durable_answer_save(benchmark::State& state) {
    BenchDir dir;
    auto vault = DeviceVault::open(dir.path / "data", "bench-kiosk");
    if (!vault.ok()) return state.SkipWithError(vault.error().message.c_str());
    auto s = (*vault)->begin_session();
    const auto value = SecureBytes::from_string(std::string(static_cast<std::size_t>(state.range(0)), 'a'));
    std::vector<double> ms;
    long i = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        auto saved = (*vault)->save_answer(*s, "q" + std::to_string(i++ % 140), value);
        const auto t1 = std::chrono::steady_clock::now();
        if (!saved.ok()) return state.SkipWithError(saved.error().message.c_str());
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    state.counters["p50_ms"] = percentile(ms, 0.50);
    state.counters["p99_ms"] = percentile(ms, 0.99);
    state.counters["max_ms"] = percentile(ms, 1.0);
}

// A device key, a council key and the header of a record sealed to it: what seal and verify need.
struct SealSetup {
    BenchDir dir;
    selfdirect::Result<detail::DeviceKeys> keys = detail::load_or_create_device_keys(dir.path / "device.key");
    selfdirect::Result<CouncilKeyPair> council = generate_council_keypair("council-bench");
    CouncilPublicKey pub;
    EnvelopeHeader header;
    bool ok() const { return keys.ok() && council.ok(); }
    SealSetup() {
        if (!ok()) return;
        pub = {council->key_id, council->public_key};
        header.record_id = "00000000-0000-4000-8000-000000000000";
        header.form_id = "SAQ-D1";
        header.form_version = "1";
        header.device_id = "bench-kiosk";
        header.device_sign_public_key = keys->sign_public_key;
        header.council_key_ids = {pub.key_id};
        header.created_unix = 1700000000;
    }
};

void seal_and_sign(benchmark::State& state) {
    SealSetup k;
    if (!k.ok()) return state.SkipWithError("key setup failed");
    const auto body = SecureBytes::from_string(std::string(static_cast<std::size_t>(state.range(0)), '{'));
    for (auto _ : state) {
        auto sealed = seal_record(body, k.header, k.pub, k.keys->sign_secret_key);
        if (!sealed.ok()) return state.SkipWithError(sealed.error().message.c_str());
        benchmark::DoNotOptimize(sealed);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * state.range(0));
}

void submit_durable(benchmark::State& state) {
    BenchDir dir;
    auto vault = DeviceVault::open(dir.path / "data", "bench-kiosk");
    auto council = generate_council_keypair("council-bench");
    if (!vault.ok() || !council.ok()) return state.SkipWithError("setup failed");
    const CouncilPublicKey pub{council->key_id, council->public_key};
    const auto body = SecureBytes::from_string(std::string(static_cast<std::size_t>(state.range(0)), '{'));
    for (auto _ : state) {
        auto s = (*vault)->begin_session();
        auto entry = (*vault)->submit(*s, body, "SKEL-1", "1", pub);
        if (!entry.ok()) return state.SkipWithError(entry.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations());
}

} // namespace

// 64-byte answers (a choice or a short text) and 2 KiB (a long free-text answer).
BENCHMARK(durable_answer_save)->Arg(64)->Arg(2048)->Iterations(2000)->Unit(benchmark::kMillisecond);
// 16 KiB is a large assessment's QuestionnaireResponse; 128 KiB a very long one.
BENCHMARK(seal_and_sign)->Arg(16 * 1024)->Arg(128 * 1024)->Unit(benchmark::kMicrosecond);
BENCHMARK(submit_durable)->Arg(16 * 1024)->Iterations(300)->Unit(benchmark::kMillisecond);

// What the receiver pays per envelope before it stores anything: the structural checks and one
// Ed25519 verification (verify_envelope), for comparison with the sync throughput (issue 6).
void verify_envelope_cost(benchmark::State& state) {
    SealSetup k;
    if (!k.ok()) return state.SkipWithError("key setup failed");
    const auto body = SecureBytes::from_string(std::string(static_cast<std::size_t>(state.range(0)), '{'));
    auto sealed = seal_record(body, k.header, k.pub, k.keys->sign_secret_key);
    if (!sealed.ok()) return state.SkipWithError(sealed.error().message.c_str());
    for (auto _ : state) {
        auto verified = verify_envelope(*sealed);
        if (!verified.ok()) return state.SkipWithError(verified.error().message.c_str());
        benchmark::DoNotOptimize(verified);
    }
}
BENCHMARK(verify_envelope_cost)->Arg(2 * 1024)->Arg(16 * 1024)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
