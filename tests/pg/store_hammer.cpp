// Puts a range of generated envelopes into a store from several threads and reports what each put
// answered: the contract test runs two of these at once on one store (uniqueness must hold across
// processes, not just threads), and with --quiet it is the ingest benchmark (docs/benchmarks.md).
//
//   store_hammer LOCATION FIRST COUNT [--threads N] [--size BYTES] [--shuffle SEED] [--batch N] [--quiet]
//
// --batch N: put_many() with N envelopes per call (as the receiver does per upload), else put().
//
// Prints "pk HEX" (the receipt public key), then one "INDEX SEQ OUTCOME" line per record (not with
// --quiet), then "summary stored=… duplicate=… conflict=… errors=… seconds=… per_second=…".
// Exit status 1 when any put failed.
#include "store_test_support.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace selfdirect;
using namespace selfdirect::sync;

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: store_hammer LOCATION FIRST COUNT [--threads N] [--size BYTES] "
                             "[--shuffle SEED] [--batch N] [--quiet]\n");
        return 2;
    }
    const std::string location = argv[1];
    const long first = std::atol(argv[2]);
    const long count = std::atol(argv[3]);
    int threads = 4;
    std::size_t size = 2048;
    long shuffle_seed = -1;
    bool quiet = false;
    std::size_t batch = 1;
    for (int i = 4; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc) threads = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--size" && i + 1 < argc) size = static_cast<std::size_t>(std::atol(argv[++i]));
        else if (arg == "--shuffle" && i + 1 < argc) shuffle_seed = std::atol(argv[++i]);
        else if (arg == "--batch" && i + 1 < argc) batch = std::max<std::size_t>(1, std::atol(argv[++i]));
        else if (arg == "--quiet") quiet = true;
        else {
            std::fprintf(stderr, "store_hammer: unknown argument %s\n", arg.c_str());
            return 2;
        }
    }

    auto store = open_envelope_store(location, StoreOptions{});
    if (!store) {
        std::fprintf(stderr, "store_hammer: %s: %s\n", store.error().code.c_str(), store.error().message.c_str());
        return 1;
    }
    auto epoch = store.value()->restore_epoch();
    if (!epoch) return 1;
    store_testing::TestSigner signer(epoch.value());
    const auto sign = signer.signer();

    std::vector<long> order(static_cast<std::size_t>(count));
    for (long i = 0; i < count; ++i) order[static_cast<std::size_t>(i)] = first + i;
    if (shuffle_seed >= 0) std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(shuffle_seed)));
    // Envelopes are made before the clock starts: the benchmark measures the store, not memset.
    std::vector<IncomingEnvelope> envelopes;
    envelopes.reserve(order.size());
    for (long index : order) envelopes.push_back(store_testing::make_envelope(index, 0, size));

    std::printf("pk %s\n", vault::to_hex(signer.public_key()).c_str());
    std::mutex out_mutex;
    std::atomic<std::size_t> next{0};
    std::atomic<long> stored{0}, duplicate{0}, conflict{0}, errors{0};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (;;) {
                const std::size_t begin = next.fetch_add(batch);
                if (begin >= envelopes.size()) return;
                const std::size_t end = std::min(envelopes.size(), begin + batch);
                std::vector<Result<PutResult>> results;
                if (batch == 1) {
                    results.push_back(store.value()->put(envelopes[begin], sign));
                } else {
                    results = store.value()->put_many(
                        std::vector<IncomingEnvelope>(envelopes.begin() + static_cast<long>(begin),
                                                      envelopes.begin() + static_cast<long>(end)),
                        sign);
                }
                std::lock_guard lock(out_mutex);
                for (std::size_t k = 0; k < results.size(); ++k) {
                    const std::size_t i = begin + k;
                    const auto& r = results[k];
                    if (!r) {
                        ++errors;
                        std::fprintf(stderr, "store_hammer: put %ld: %s: %s\n", order[i], r.error().code.c_str(),
                                     r.error().message.c_str());
                        continue;
                    }
                    const char* what = "stored";
                    if (r->outcome == PutOutcome::stored) ++stored;
                    else if (r->outcome == PutOutcome::duplicate) { ++duplicate; what = "duplicate"; }
                    else { ++conflict; what = "conflict"; }
                    if (!quiet) std::printf("%ld %lld %s\n", order[i], static_cast<long long>(r->seq), what);
                }
            }
        });
    }
    for (auto& t : pool) t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("summary stored=%ld duplicate=%ld conflict=%ld errors=%ld seconds=%.3f per_second=%.0f\n",
                stored.load(), duplicate.load(), conflict.load(), errors.load(), seconds,
                static_cast<double>(count) / seconds);
    return errors.load() == 0 ? 0 : 1;
}
