// The PostgreSQL EnvelopeStore (libpqxx): the scale-out path, where several selfdirect-sync
// processes share one database. Everything that must hold across processes is the database's job:
// UNIQUE(record_id, revision) decides which copy is stored, and a transaction-level advisory lock
// (shared by writers from drawing a seq to their commit, exclusive for list()) means a reader paging
// with list(after_seq) never skips a lower seq that commits later (docs/sync-protocol.md, "PostgreSQL").
#include "sync/server/envelope_store.h"
#include "sync/server/postgres_pool.h"
#include "sync/server/postgres_schema.h"

#include "vault/signature.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace selfdirect::sync {

namespace {

vault::Bytes to_bytes(const pqxx::field& f) {
    if (f.is_null()) return {};
    pqxx::binarystring b(f);
    return vault::Bytes(b.data(), b.data() + b.size());
}

pqxx::binarystring to_param(const vault::Bytes& bytes) { return pqxx::binarystring(bytes.data(), bytes.size()); }

std::string new_epoch_text() { return vault::to_hex(vault::random_bytes(8)); }

constexpr const char* kEnvelopeColumns = "seq, record_id, revision, envelope_hash, envelope, device_id, server_time, "
                                         "clock_flag, receipt_signature, receipt_epoch";

StoredEnvelope to_stored(const pqxx::row& row) {
    StoredEnvelope e;
    e.seq = row[0].as<std::int64_t>();
    e.record_id = row[1].as<std::string>();
    e.revision = static_cast<std::uint32_t>(row[2].as<std::int64_t>());
    e.envelope_hash = row[3].as<std::string>();
    e.envelope = to_bytes(row[4]);
    e.device_id = row[5].as<std::string>();
    e.server_time = row[6].as<std::int64_t>();
    e.clock_flag = row[7].as<std::string>();
    e.receipt_signature = to_bytes(row[8]);
    e.receipt_epoch = row[9].as<std::string>();
    return e;
}

DeviceRecord to_device(const pqxx::row& row) {
    DeviceRecord d;
    d.device_id = row[0].as<std::string>();
    d.sign_public_key = to_bytes(row[1]);
    d.box_public_key = to_bytes(row[2]);
    d.enrolled_unix = row[3].as<std::int64_t>();
    if (!row[4].is_null()) d.revoked_unix = row[4].as<std::int64_t>();
    return d;
}

class PostgresEnvelopeStore final : public EnvelopeStore {
public:
    explicit PostgresEnvelopeStore(const std::string& uri) : pool_(postgres_uri_with_defaults(uri)) {}

    // Creates the schema if absent (create=true) and checks its version. Under an advisory lock so
    // two receivers starting against an empty database do not race on CREATE.
    Result<void> open(const StoreOptions& options) {
        try {
            auto conn = pool_.connect();
            pqxx::work txn(*conn);
            txn.exec_params("SELECT pg_advisory_xact_lock($1)", pg::kSchemaLock);
            const bool exists = !txn.exec("SELECT to_regclass('store_meta')")[0][0].is_null();
            if (!exists) {
                if (!options.create) {
                    return make_error("sync.store_open", "this PostgreSQL database holds no selfdirect store");
                }
                txn.exec(pg::kSchema);
                txn.exec_params("INSERT INTO store_meta (name, value) VALUES ('schema_version', $1)",
                                std::to_string(pg::kSchemaVersion));
                txn.exec_params("INSERT INTO store_meta (name, value) VALUES ('restore_epoch', $1)", new_epoch_text());
            }
            auto version = txn.exec("SELECT value FROM store_meta WHERE name = 'schema_version'");
            if (version.empty()) return make_error("sync.store_open", "store_meta has no schema_version");
            const auto v = std::stoll(version[0][0].as<std::string>());
            if (v > pg::kSchemaVersion) {
                return make_error("sync.store_version", "store schema version " + std::to_string(v) +
                                                            " is newer than this program understands");
            }
            txn.commit();
            return {};
        } catch (const std::exception& e) {
            return make_error("sync.store_open", std::string("cannot open the PostgreSQL store: ") + e.what());
        }
    }

    Result<PutResult> put(const IncomingEnvelope& in, const ReceiptSigner& sign) override {
        return pool_.run([&](pqxx::connection& conn) -> Result<PutResult> {
            pqxx::work txn(conn);
            // Re-offers are common (lost answers, a new restore epoch): answer them without any lock.
            auto winner = select_winner(txn, in);
            if (!winner.empty()) {
                auto result = answer_existing(txn, in, winner);
                txn.commit();
                return result;
            }
            // Both held until commit. The seq lock is shared: writers run (and group-commit)
            // together, while list() takes it exclusively for its snapshot, so no seq drawn here
            // can commit after a reader has paged past it. The key lock (the two-int key space,
            // apart from the bigint one) makes a concurrent put of the same record wait for this
            // one, so only the copy that will be stored is ever signed.
            txn.exec_params("SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock(hashtext($2), $3)",
                            pg::kSeqLock, in.record_id, static_cast<std::int32_t>(in.revision));
            auto result = put_locked(txn, in, sign);
            if (!result) return result;
            txn.commit();
            return result;
        });
    }

    // One transaction, one durable commit for a whole upload batch. Key locks are taken in one
    // order (sorted by record id and revision) so two receivers given overlapping batches in
    // different orders do not deadlock (a hashtext collision still could: PostgreSQL detects it
    // and the batch is retried).
    std::vector<Result<PutResult>> put_many(const std::vector<IncomingEnvelope>& envelopes,
                                            const ReceiptSigner& sign) override {
        if (envelopes.empty()) return {};
        auto all = pool_.run([&](pqxx::connection& conn) -> Result<std::vector<PutResult>> {
            pqxx::work txn(conn);
            std::vector<PutResult> results(envelopes.size());
            std::vector<std::size_t> pending;
            for (std::size_t i = 0; i < envelopes.size(); ++i) {
                auto winner = select_winner(txn, envelopes[i]);
                if (winner.empty()) {
                    pending.push_back(i);
                    continue;
                }
                results[i] = answer_existing(txn, envelopes[i], winner);
            }
            if (!pending.empty()) {
                txn.exec_params("SELECT pg_advisory_xact_lock_shared($1)", pg::kSeqLock);
                std::vector<std::pair<std::string, std::uint32_t>> keys;
                for (auto i : pending) keys.emplace_back(envelopes[i].record_id, envelopes[i].revision);
                std::sort(keys.begin(), keys.end());
                keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
                for (const auto& [record_id, revision] : keys) {
                    txn.exec_params("SELECT pg_advisory_xact_lock(hashtext($1), $2)", record_id,
                                    static_cast<std::int32_t>(revision));
                }
                // In request order, so seqs follow the batch (and a record twice in one batch is
                // stored once, then a duplicate or conflict of itself).
                for (auto i : pending) {
                    auto result = put_locked(txn, envelopes[i], sign);
                    if (!result) return result.error();
                    results[i] = result.value();
                }
            }
            txn.commit();
            return results;
        });
        std::vector<Result<PutResult>> out;
        out.reserve(envelopes.size());
        if (!all) {
            for (std::size_t i = 0; i < envelopes.size(); ++i) out.emplace_back(all.error());
            return out;
        }
        for (auto& r : all.value()) out.emplace_back(std::move(r));
        return out;
    }

    Result<std::vector<StoredEnvelope>> list(std::int64_t after_seq, std::size_t limit) override {
        return pool_.run([&](pqxx::connection& conn) -> Result<std::vector<StoredEnvelope>> {
            pqxx::work txn(conn);
            // Exclusive: waits until every put that has drawn a seq has committed or rolled back (and
            // holds new ones off for the length of one SELECT). Every seq below the highest one this
            // snapshot sees is then either visible or never will be, so paging by seq skips nothing.
            txn.exec_params("SELECT pg_advisory_xact_lock($1)", pg::kSeqLock);
            auto rows = txn.exec_params(std::string("SELECT ") + kEnvelopeColumns +
                                            " FROM envelopes WHERE seq > $1 ORDER BY seq LIMIT $2",
                                        after_seq, static_cast<std::int64_t>(limit));
            txn.commit();
            std::vector<StoredEnvelope> out;
            out.reserve(rows.size());
            for (const auto& row : rows) out.push_back(to_stored(row));
            return out;
        });
    }

    Result<std::optional<StoredEnvelope>> find(const std::string& record_id, std::uint32_t revision) override {
        return pool_.run([&](pqxx::connection& conn) -> Result<std::optional<StoredEnvelope>> {
            pqxx::nontransaction txn(conn);
            auto rows = txn.exec_params(std::string("SELECT ") + kEnvelopeColumns +
                                            " FROM envelopes WHERE record_id = $1 AND revision = $2",
                                        record_id, static_cast<std::int64_t>(revision));
            if (rows.empty()) return std::optional<StoredEnvelope>{};
            return std::optional<StoredEnvelope>{to_stored(rows[0])};
        });
    }

    Result<std::int64_t> count() override { return count_rows("SELECT count(*) FROM envelopes"); }
    Result<std::int64_t> count_conflicts() override { return count_rows("SELECT count(*) FROM conflicts"); }

    Result<std::optional<DeviceRecord>> device(const std::string& device_id) override {
        return pool_.run([&](pqxx::connection& conn) -> Result<std::optional<DeviceRecord>> {
            pqxx::nontransaction txn(conn);
            auto rows = txn.exec_params("SELECT device_id, sign_public_key, box_public_key, enrolled_unix, "
                                        "revoked_unix FROM devices WHERE device_id = $1",
                                        device_id);
            if (rows.empty()) return std::optional<DeviceRecord>{};
            return std::optional<DeviceRecord>{to_device(rows[0])};
        });
    }

    Result<void> add_enrolment_code(const EnrolmentCode& code) override {
        return pool_.run([&](pqxx::connection& conn) -> Result<void> {
            pqxx::work txn(conn);
            // A code is normally added unused; used_by_sign_key is written as given (NULL when empty).
            if (code.used_by_sign_key.empty()) {
                txn.exec_params("INSERT INTO enrolment_codes (code_hash, device_id, expires_unix) VALUES ($1, $2, $3)",
                                to_param(code.code_hash), code.device_id, code.expires_unix);
            } else {
                txn.exec_params("INSERT INTO enrolment_codes (code_hash, device_id, expires_unix, used_by_sign_key) "
                                "VALUES ($1, $2, $3, $4)",
                                to_param(code.code_hash), code.device_id, code.expires_unix,
                                to_param(code.used_by_sign_key));
            }
            txn.commit();
            return {};
        });
    }

    Result<RedeemOutcome> redeem_enrolment_code(const vault::Bytes& code_hash, const DeviceRecord& device,
                                                std::int64_t now_unix) override {
        return pool_.run([&](pqxx::connection& conn) -> Result<RedeemOutcome> {
            pqxx::work txn(conn);
            // FOR UPDATE: two devices racing for one code are decided one after the other.
            auto rows = txn.exec_params("SELECT device_id, expires_unix, used_by_sign_key FROM enrolment_codes "
                                        "WHERE code_hash = $1 FOR UPDATE",
                                        to_param(code_hash));
            if (rows.empty() || rows[0][0].as<std::string>() != device.device_id) return RedeemOutcome::bad_code;
            const vault::Bytes used_by = to_bytes(rows[0][2]);
            if (!used_by.empty()) {
                // A repeat by the same keys is a lost answer, even after expiry; anyone else is refused.
                return vault::equal_constant_time(used_by, device.sign_public_key) ? RedeemOutcome::repeated
                                                                                  : RedeemOutcome::bad_code;
            }
            if (now_unix > rows[0][1].as<std::int64_t>()) return RedeemOutcome::expired;

            txn.exec_params("UPDATE enrolment_codes SET used_by_sign_key = $2 WHERE code_hash = $1",
                            to_param(code_hash), to_param(device.sign_public_key));
            txn.exec_params("INSERT INTO devices (device_id, sign_public_key, box_public_key, enrolled_unix, "
                            "revoked_unix) VALUES ($1, $2, $3, $4, NULL) ON CONFLICT (device_id) DO UPDATE SET "
                            "sign_public_key = EXCLUDED.sign_public_key, box_public_key = EXCLUDED.box_public_key, "
                            "enrolled_unix = EXCLUDED.enrolled_unix, revoked_unix = NULL",
                            device.device_id, to_param(device.sign_public_key), to_param(device.box_public_key),
                            now_unix);
            txn.commit();
            return RedeemOutcome::enrolled;
        });
    }

    Result<void> revoke_device(const std::string& device_id, std::int64_t now_unix) override {
        return pool_.run([&](pqxx::connection& conn) -> Result<void> {
            pqxx::work txn(conn);
            // The first revocation time stays: revoking twice is not a new event.
            auto changed = txn.exec_params(
                "UPDATE devices SET revoked_unix = COALESCE(revoked_unix, $2) WHERE device_id = $1", device_id,
                now_unix);
            if (changed.affected_rows() == 0) {
                return make_error("sync.unknown_device", "device " + device_id + " was never enrolled");
            }
            txn.commit();
            return {};
        });
    }

    Result<std::string> restore_epoch() override {
        return pool_.run([&](pqxx::connection& conn) -> Result<std::string> {
            pqxx::nontransaction txn(conn);
            auto rows = txn.exec("SELECT value FROM store_meta WHERE name = 'restore_epoch'");
            if (rows.empty()) return make_error("sync.storage", "store_meta has no restore_epoch");
            return rows[0][0].as<std::string>();
        });
    }

    Result<std::string> new_restore_epoch() override {
        return pool_.run([&](pqxx::connection& conn) -> Result<std::string> {
            pqxx::work txn(conn);
            const std::string epoch = new_epoch_text();
            txn.exec_params("UPDATE store_meta SET value = $1 WHERE name = 'restore_epoch'", epoch);
            txn.commit();
            return epoch;
        });
    }

private:
    static pqxx::result select_winner(pqxx::work& txn, const IncomingEnvelope& in) {
        return txn.exec_params("SELECT seq, envelope_hash, server_time FROM envelopes WHERE record_id = $1 AND "
                               "revision = $2",
                               in.record_id, static_cast<std::int64_t>(in.revision));
    }

    // `winner` is the stored copy of in's (record_id, revision): same hash → duplicate (nothing
    // written), else conflict (the newcomer kept once in conflicts, the original untouched).
    static PutResult answer_existing(pqxx::work& txn, const IncomingEnvelope& in, const pqxx::result& winner) {
        PutResult result;
        result.stored_hash = winner[0][1].as<std::string>();
        if (result.stored_hash == in.envelope_hash) {
            result.outcome = PutOutcome::duplicate;
            result.seq = winner[0][0].as<std::int64_t>();
            result.server_time = winner[0][2].as<std::int64_t>();
            return result;
        }
        txn.exec_params("INSERT INTO conflicts (record_id, revision, envelope_hash, envelope, device_id, "
                        "server_time, clock_flag) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                        "ON CONFLICT (record_id, revision, envelope_hash) DO NOTHING",
                        in.record_id, static_cast<std::int64_t>(in.revision), in.envelope_hash,
                        to_param(in.envelope), in.device_id, in.server_time, in.clock_flag);
        result.outcome = PutOutcome::conflict;
        return result;
    }

    // With the seq lock (shared) and in's key lock held: look again (a competitor that held the key
    // lock before us has committed and is visible to this fresh READ COMMITTED snapshot), else draw
    // a seq, sign, and insert the envelope with its receipt signature.
    static Result<PutResult> put_locked(pqxx::work& txn, const IncomingEnvelope& in, const ReceiptSigner& sign) {
        auto winner = select_winner(txn, in);
        if (!winner.empty()) return answer_existing(txn, in, winner);
        const auto next =
            txn.exec("SELECT nextval('envelope_seq'), (SELECT value FROM store_meta WHERE name = 'restore_epoch')");
        const auto seq = next[0][0].as<std::int64_t>();
        const auto epoch = next[0][1].as<std::string>();
        const vault::Bytes signature = sign(in, seq, in.server_time);
        if (signature.empty()) return make_error("sync.storage", "the receipt could not be signed");
        auto inserted = txn.exec_params(
            "INSERT INTO envelopes (seq, record_id, revision, envelope_hash, envelope, device_id, server_time, "
            "clock_flag, receipt_signature, receipt_epoch) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
            "ON CONFLICT (record_id, revision) DO NOTHING RETURNING seq",
            seq, in.record_id, static_cast<std::int64_t>(in.revision), in.envelope_hash, to_param(in.envelope),
            in.device_id, in.server_time, in.clock_flag, to_param(signature), epoch);
        if (!inserted.empty()) return PutResult{PutOutcome::stored, seq, in.server_time, in.envelope_hash};
        // Only if a writer without the key lock inserted it: the INSERT waited for its commit, so
        // this statement's fresh snapshot sees the winner.
        winner = select_winner(txn, in);
        if (winner.empty()) return make_error("sync.storage", "envelope vanished after a conflicting insert");
        return answer_existing(txn, in, winner);
    }

    Result<std::int64_t> count_rows(const char* sql) {
        return pool_.run([&](pqxx::connection& conn) -> Result<std::int64_t> {
            pqxx::nontransaction txn(conn);
            return txn.exec(sql)[0][0].as<std::int64_t>();
        });
    }

    PgPool pool_;
};

} // namespace

Result<std::unique_ptr<EnvelopeStore>> open_postgres_envelope_store(const std::string& uri,
                                                                    const StoreOptions& options) {
    auto store = std::make_unique<PostgresEnvelopeStore>(uri);
    if (auto r = store->open(options); !r) return r.error();
    return std::unique_ptr<EnvelopeStore>(std::move(store));
}

} // namespace selfdirect::sync
