// The device's encrypted store: one SQLite file (WAL, synchronous=FULL, one writer connection) holding
// encrypted draft answers and the outbox of sealed records, plus the device identity key file.
// The UI and app never see SQL or keys; they call these verbs. Every call that returns ok() has made
// its effect durable (fsync'd through SQLite's WAL) before returning.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"
#include "vault/envelope.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace selfdirect::vault {

struct DeviceIdentity {
    std::string device_id;
    Bytes sign_public_key;  // Ed25519
    Bytes box_public_key;   // X25519
};

struct OutboxEntry {
    std::string record_id;
    std::uint32_t revision = 1;
    Bytes envelope;
    std::string envelope_hash;
};

// A resident's (kiosk) session: its data key lives only in guarded memory inside the vault.
struct SessionHandle {
    std::string session_id; // random, hex; not secret, never derived from personal data
};

class DeviceVault {
public:
    // Opens (creating if needed) `data_dir/device.db` and `data_dir/device.key` (0600).
    // Runs integrity_check; fails with "vault.corrupt", "vault.io", "vault.key_file".
    static Result<std::unique_ptr<DeviceVault>> open(const std::filesystem::path& data_dir, const std::string& device_id);
    virtual ~DeviceVault() = default;

    virtual const DeviceIdentity& identity() const = 0;

    virtual Result<SessionHandle> begin_session() = 0;
    // Encrypts (XChaCha20-Poly1305, AD binds session + link id) and stores; durable on return.
    // Errors: "vault.disk_full", "vault.io", "vault.no_session".
    virtual Result<void> save_answer(const SessionHandle& s, const std::string& link_id, const SecureBytes& value) = 0;
    // Removes one draft answer (a person cleared an optional answer); durable on return. Idempotent.
    virtual Result<void> delete_answer(const SessionHandle& s, const std::string& link_id) = 0;
    virtual Result<std::map<std::string, SecureBytes>> load_answers(const SessionHandle& s) = 0;
    // Seals `response_json` into the outbox (seal_record), deletes the session's drafts, wipes its key.
    virtual Result<OutboxEntry> submit(const SessionHandle& s, const SecureBytes& response_json,
                                       const std::string& form_id, const std::string& form_version,
                                       const CouncilPublicKey& council) = 0;
    // Deletes the session's drafts (secure_delete) and wipes its key: the kiosk forgets.
    virtual Result<void> end_session(const SessionHandle& s) = 0;

    virtual Result<std::vector<OutboxEntry>> pending_outbox() = 0;
    // Called only after the council side acknowledged the record.
    virtual Result<void> mark_acknowledged(const std::string& record_id, std::uint32_t revision) = 0;
};

} // namespace selfdirect::vault
