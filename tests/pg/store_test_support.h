// What the store contract test and the store hammer share: envelopes made from an index (so two
// processes make byte-identical ones), the receipt text of docs/sync-protocol.md "Receipts", and a
// real Ed25519 receipt signer that counts its calls.
#pragma once

#include "sync/server/envelope_store.h"
#include "vault/bytes.h"
#include "vault/signature.h"

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>

namespace selfdirect::sync::store_testing {

// A lower-case UUID text made from `index` (the same index gives the same id in every process).
inline std::string record_id_for(long index) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lx", static_cast<unsigned long>(index));
    return buf;
}

// Stand-in envelope bytes: `size` bytes, different for every (index, variant). The store never
// looks inside, so they need not be a real vault envelope.
inline IncomingEnvelope make_envelope(long index, int variant = 0, std::size_t size = 256,
                                      std::uint32_t revision = 1) {
    IncomingEnvelope in;
    in.record_id = record_id_for(index);
    in.revision = revision;
    in.envelope.resize(size);
    for (std::size_t i = 0; i < size; ++i) {
        in.envelope[i] = static_cast<std::uint8_t>((i * 31 + static_cast<std::size_t>(index) * 7 +
                                                    static_cast<std::size_t>(variant) * 101 + revision) & 0xff);
    }
    in.envelope_hash = vault::to_hex(vault::blake2b_256(
        std::string_view(reinterpret_cast<const char*>(in.envelope.data()), in.envelope.size())));
    in.device_id = "kiosk-test-" + std::to_string(variant);
    in.server_time = 1795000000 + index;
    return in;
}

inline std::string receipt_text(const std::string& record_id, std::uint32_t revision, const std::string& hash,
                                std::int64_t seq, std::int64_t server_time, const std::string& epoch) {
    return "selfdirect-receipt-v2\n" + record_id + "\n" + std::to_string(revision) + "\n" + hash + "\n" +
           std::to_string(seq) + "\n" + std::to_string(server_time) + "\n" + epoch + "\n";
}

// Signs receipts as selfdirect-sync does (with the epoch the store read in its transaction) and
// counts the calls. The epoch given at construction is what the test expects; epochs_seen() says
// which the store passed.
class TestSigner {
public:
    explicit TestSigner(std::string epoch) : keys_(vault::generate_sign_keypair()), epoch_(std::move(epoch)) {}

    ReceiptSigner signer() {
        return [this](const IncomingEnvelope& in, std::int64_t seq, std::int64_t server_time, const std::string& epoch) {
            calls_.fetch_add(1);
            if (epoch != epoch_) other_epochs_.fetch_add(1);
            auto sig = vault::sign_detached(
                receipt_text(in.record_id, in.revision, in.envelope_hash, seq, server_time, epoch), keys_.secret_key);
            return sig.ok() ? sig.value() : vault::Bytes{};
        };
    }

    bool verifies(const StoredEnvelope& e) const {
        return verify_with(e, keys_.public_key);
    }
    static bool verify_with(const StoredEnvelope& e, const vault::Bytes& public_key) {
        return vault::verify_detached(
            receipt_text(e.record_id, e.revision, e.envelope_hash, e.seq, e.server_time, e.receipt_epoch),
            e.receipt_signature, public_key);
    }

    int calls() const { return calls_.load(); }
    int other_epochs() const { return other_epochs_.load(); } // calls whose epoch was not the expected one
    const vault::Bytes& public_key() const { return keys_.public_key; }
    void set_epoch(std::string epoch) { epoch_ = std::move(epoch); }

private:
    vault::SignKeyPair keys_;
    std::string epoch_;
    std::atomic<int> calls_{0};
    std::atomic<int> other_epochs_{0};
};

} // namespace selfdirect::sync::store_testing
