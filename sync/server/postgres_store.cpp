// The PostgreSQL EnvelopeStore (libpqxx): the scale-out path, where several selfdirect-sync
// processes share one database. Everything that must hold across processes is the database's job:
// UNIQUE(record_id, revision) decides which copy is stored, and a transaction-level advisory lock
// (shared by writers from drawing a seq to their commit, exclusive for list()) means a reader paging
// with list(after_seq) never skips a lower seq that commits later (docs/sync-protocol.md, "PostgreSQL").
// A whole upload batch takes a fixed handful of set-based statements (arrays in, unnest() inside),
// not a few per envelope: round trips, not the database, were what limited ingest.
#include "sync/server/envelope_store.h"
#include "sync/server/postgres_pool.h"
#include "sync/server/postgres_schema.h"

#include "vault/signature.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
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

// The first eight columns, which a stored envelope and a kept conflict share (a conflict's id
// stands in its seq): "seq|id, record_id, revision, envelope_hash, envelope, device_id,
// server_time, clock_flag".
StoredEnvelope to_stored_common(const pqxx::row& row) {
    StoredEnvelope e;
    e.seq = row[0].as<std::int64_t>();
    e.record_id = row[1].as<std::string>();
    e.revision = static_cast<std::uint32_t>(row[2].as<std::int64_t>());
    e.envelope_hash = row[3].as<std::string>();
    e.envelope = to_bytes(row[4]);
    e.device_id = row[5].as<std::string>();
    e.server_time = row[6].as<std::int64_t>();
    e.clock_flag = row[7].as<std::string>();
    return e;
}

StoredEnvelope to_stored(const pqxx::row& row) {
    StoredEnvelope e = to_stored_common(row);
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

// The stored copy of one (record_id, revision), as much of it as an answer needs.
struct Winner {
    std::int64_t seq = 0;
    std::string hash;
    std::int64_t server_time = 0;
};

using Key = std::pair<std::string, std::uint32_t>; // (record_id, revision)

Key key_of(const IncomingEnvelope& in) { return {in.record_id, in.revision}; }

// A PostgreSQL array literal, sent as one text parameter and cast in the statement, so a whole
// batch's values travel in one statement. Every element is double-quoted, with " and \ escaped by
// a backslash, so no value can end its element or the array early (and it is a parameter, not SQL).
std::string text_array(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const auto& item : items) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (const char c : item) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

template <typename Int>
std::string int_array(const std::vector<Int>& items) {
    std::string out = "{";
    for (const auto item : items) {
        if (out.size() > 1) out += ',';
        out += std::to_string(item);
    }
    out += '}';
    return out;
}

// Columns of the envelopes at `indices` of `batch`, as array parameters.
struct KeyArrays {
    std::string record_ids, revisions;
};

KeyArrays key_arrays(const std::vector<IncomingEnvelope>& batch, const std::vector<std::size_t>& indices) {
    std::vector<std::string> ids;
    std::vector<std::int64_t> revisions;
    for (const auto i : indices) {
        ids.push_back(batch[i].record_id);
        revisions.push_back(batch[i].revision);
    }
    return {text_array(ids), int_array(revisions)};
}

// put_batch's statements, prepared once per connection (libpqxx prepares on first use and takes an
// identical re-declaration as a no-op): planning their joins on unnest() costs more than running
// them, and a batch of one envelope would pay it four times over.
template <typename... Args>
pqxx::result exec_prepared(pqxx::work& txn, const char* name, const char* sql, Args&&... args) {
    txn.conn().prepare(name, sql);
    return txn.exec_prepared(name, std::forward<Args>(args)...);
}

// `winner` is the stored copy of in's (record_id, revision): same hash → duplicate (nothing
// written), else conflict (the newcomer is queued for the conflicts table, the original untouched).
PutResult answer(const IncomingEnvelope& in, const Winner& winner, std::vector<const IncomingEnvelope*>& conflicts) {
    PutResult result;
    result.stored_hash = winner.hash;
    if (winner.hash == in.envelope_hash) {
        result.outcome = PutOutcome::duplicate;
        result.seq = winner.seq;
        result.server_time = winner.server_time;
        return result;
    }
    conflicts.push_back(&in);
    result.outcome = PutOutcome::conflict;
    return result;
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

    // A batch of one: the same statements, the same locks, the same answers as put_many().
    Result<PutResult> put(const IncomingEnvelope& in, const ReceiptSigner& sign) override {
        const std::vector<IncomingEnvelope> batch{in};
        auto all = pool_.run([&](pqxx::connection& conn) { return put_batch(conn, batch, sign); });
        if (!all) return all.error();
        return all.value().front();
    }

    // One transaction, one durable commit and a handful of set-based statements for a whole upload
    // batch (see put_batch).
    std::vector<Result<PutResult>> put_many(const std::vector<IncomingEnvelope>& envelopes,
                                            const ReceiptSigner& sign) override {
        if (envelopes.empty()) return {};
        auto all = pool_.run([&](pqxx::connection& conn) { return put_batch(conn, envelopes, sign); });
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

    Result<std::vector<StoredEnvelope>> list_conflicts() override {
        return pool_.run([&](pqxx::connection& conn) -> Result<std::vector<StoredEnvelope>> {
            pqxx::nontransaction txn(conn);
            auto rows = txn.exec("SELECT id, record_id, revision, envelope_hash, envelope, device_id, server_time, "
                                 "clock_flag FROM conflicts ORDER BY id");
            std::vector<StoredEnvelope> out;
            out.reserve(rows.size());
            for (const auto& row : rows) out.push_back(to_stored_common(row));
            return out;
        });
    }

    Result<std::optional<DeviceRecord>> device(const std::string& device_id) override {
        return pool_.run([&](pqxx::connection& conn) -> Result<std::optional<DeviceRecord>> {
            pqxx::nontransaction txn(conn);
            auto rows = txn.exec_params("SELECT device_id, sign_public_key, box_public_key, enrolled_unix, "
                                        "revoked_unix FROM devices WHERE device_id = $1",
                                        device_id);
            // Filled in place: returning a braced optional made GCC 12 (ASan, -O1) warn falsely of
            // an uninitialised vector inside it.
            std::optional<DeviceRecord> found;
            if (!rows.empty()) found.emplace(to_device(rows[0]));
            return found;
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
                // A repeat by the same keys is a lost answer, even after expiry, while the enrolment
                // it made still stands (not revoked, key not replaced); anyone else is refused.
                if (!vault::equal_constant_time(used_by, device.sign_public_key)) return RedeemOutcome::bad_code;
                auto current = txn.exec_params("SELECT sign_public_key FROM devices WHERE device_id = $1 AND "
                                               "revoked_unix IS NULL",
                                               device.device_id);
                const bool stands = !current.empty() && to_bytes(current[0][0]) == device.sign_public_key;
                return stands ? RedeemOutcome::repeated : RedeemOutcome::bad_code;
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
    // put() for a batch, in one READ COMMITTED transaction (docs/sync-protocol.md, "PostgreSQL"), with
    // set-based statements so the round trips do not grow with the batch:
    //   1. one lock-free look-up of every key (re-offers take no lock);
    //   2. for the keys not found, one statement taking the shared seq lock and then every key lock;
    //   3. one statement looking again and drawing a seq for each key still absent;
    //   4. receipts signed in request order, then one multi-row INSERT … ON CONFLICT DO NOTHING;
    //   5. one multi-row INSERT of the conflicts, if any; then the commit.
    // So BEGIN, 1–5 and COMMIT: at most seven round trips for a batch of any length (one more if the
    // INSERT lost a row to a writer that bypassed the key lock), three for a batch of duplicates
    // (it used to be about five per envelope). A record twice in the batch is looked up once and its
    // later copies answered against the first: stored once, then a duplicate or conflict of itself.
    static Result<std::vector<PutResult>> put_batch(pqxx::connection& conn, const std::vector<IncomingEnvelope>& batch,
                                                    const ReceiptSigner& sign) {
        pqxx::work txn(conn);
        std::vector<PutResult> results(batch.size());
        std::vector<std::size_t> all(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) all[i] = i;
        std::map<Key, Winner> winners = select_winners(txn, batch, all);

        std::vector<const IncomingEnvelope*> conflicts;
        std::vector<std::size_t> fresh;   // the first envelope of each key not stored yet, in request order
        std::vector<std::size_t> repeats; // later envelopes of those keys in this batch
        std::set<Key> fresh_keys;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const Key key = key_of(batch[i]);
            if (auto w = winners.find(key); w != winners.end()) {
                results[i] = answer(batch[i], w->second, conflicts);
            } else if (fresh_keys.insert(key).second) {
                fresh.push_back(i);
            } else {
                repeats.push_back(i);
            }
        }
        if (!fresh.empty()) {
            lock_keys(txn, batch, fresh);
            auto stored = store_fresh(txn, batch, fresh, sign, winners, results, conflicts);
            if (!stored) return stored.error();
        }
        for (const auto i : repeats) results[i] = answer(batch[i], winners.at(key_of(batch[i])), conflicts);
        insert_conflicts(txn, conflicts);
        txn.commit();
        return results;
    }

    // The stored copies of the keys of batch[indices], by key. LATERAL … LIMIT 1 keeps each key one
    // index probe: as a plain join, the generic plan a prepared statement settles on (it cannot know
    // the batch's length) hash-joins a scan of the whole table (measured: 220 µs for a batch of one
    // at 3,000 stored envelopes, and growing with the store, against 8 µs for a probe).
    static std::map<Key, Winner> select_winners(pqxx::work& txn, const std::vector<IncomingEnvelope>& batch,
                                                const std::vector<std::size_t>& indices) {
        const auto keys = key_arrays(batch, indices);
        auto rows = exec_prepared(txn, "selfdirect_put_winners",
                                  "SELECT k.record_id, k.revision, e.seq, e.envelope_hash, e.server_time "
                                  "FROM unnest($1::text[], $2::bigint[]) AS k(record_id, revision) "
                                  "CROSS JOIN LATERAL (SELECT seq, envelope_hash, server_time FROM envelopes "
                                  "WHERE record_id = k.record_id AND revision = k.revision LIMIT 1) AS e",
                                  keys.record_ids, keys.revisions);
        std::map<Key, Winner> out;
        for (const auto& row : rows) {
            out[{row[0].as<std::string>(), static_cast<std::uint32_t>(row[1].as<std::int64_t>())}] =
                Winner{row[2].as<std::int64_t>(), row[3].as<std::string>(), row[4].as<std::int64_t>()};
        }
        return out;
    }

    // Both kinds held until commit. The seq lock is shared: writers run (and group-commit) together,
    // while list() takes it exclusively for its snapshot, so no seq drawn after this can commit after
    // a reader has paged past it. It is taken first (in the WHERE below, evaluated before any row
    // reaches the sort): a writer holding a key lock while queued behind list() could deadlock.
    // The key locks (the two-int key space, apart from the bigint one) make a concurrent put of the
    // same record wait for this one, so only the copy that will be stored is ever signed. They are
    // taken in the order of the lock keys themselves, so receivers given overlapping batches in any
    // order (even with colliding hashtext values) never wait on each other in a cycle.
    static void lock_keys(pqxx::work& txn, const std::vector<IncomingEnvelope>& batch,
                          const std::vector<std::size_t>& indices) {
        std::vector<std::string> ids;
        std::vector<std::int32_t> revisions;
        for (const auto i : indices) {
            ids.push_back(batch[i].record_id);
            revisions.push_back(static_cast<std::int32_t>(batch[i].revision));
        }
        exec_prepared(txn, "selfdirect_put_lock",
                      "SELECT pg_advisory_xact_lock(s.h, s.r) FROM ("
                      "SELECT DISTINCT hashtext(u.record_id) AS h, u.revision AS r "
                      "FROM unnest($1::text[], $2::int[]) AS u(record_id, revision) "
                      "WHERE (SELECT pg_advisory_xact_lock_shared($3)) IS NOT NULL "
                      "ORDER BY 1, 2 OFFSET 0) AS s",
                      text_array(ids), int_array(revisions), pg::kSeqLock);
    }

    // With the seq lock and the key locks of batch[fresh] held: look again (a competitor that held a
    // key lock before us has committed, and this statement's fresh READ COMMITTED snapshot sees it),
    // draw a seq for each key still absent (handed out in request order), sign, and insert them all.
    static Result<void> store_fresh(pqxx::work& txn, const std::vector<IncomingEnvelope>& batch,
                                    const std::vector<std::size_t>& fresh, const ReceiptSigner& sign,
                                    std::map<Key, Winner>& winners, std::vector<PutResult>& results,
                                    std::vector<const IncomingEnvelope*>& conflicts) {
        const auto keys = key_arrays(batch, fresh);
        auto rows = exec_prepared(
            txn, "selfdirect_put_draw",
            "SELECT k.i, e.seq, e.envelope_hash, e.server_time, "
            "CASE WHEN e.seq IS NULL THEN nextval('envelope_seq') END, "
            "(SELECT value FROM store_meta WHERE name = 'restore_epoch') "
            "FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS k(record_id, revision, i) "
            "LEFT JOIN LATERAL (SELECT seq, envelope_hash, server_time FROM envelopes "
            "WHERE record_id = k.record_id AND revision = k.revision LIMIT 1) AS e ON true ORDER BY k.i",
            keys.record_ids, keys.revisions);
        if (rows.size() != fresh.size()) return make_error("sync.storage", "the look-up lost envelopes of the batch");
        std::vector<std::size_t> absent; // indices into batch, in request order
        std::vector<std::int64_t> seqs;
        std::string epoch;
        for (const auto& row : rows) {
            const std::size_t i = fresh.at(static_cast<std::size_t>(row[0].as<std::int64_t>() - 1));
            if (!row[1].is_null()) {
                const Winner w{row[1].as<std::int64_t>(), row[2].as<std::string>(), row[3].as<std::int64_t>()};
                winners[key_of(batch[i])] = w;
                results[i] = answer(batch[i], w, conflicts);
                continue;
            }
            if (row[5].is_null()) return make_error("sync.storage", "store_meta has no restore_epoch");
            epoch = row[5].as<std::string>();
            absent.push_back(i);
            seqs.push_back(row[4].as<std::int64_t>());
        }
        if (absent.empty()) return {};
        // One statement drew them all; sorted, they follow the batch whatever order it evaluated in.
        std::sort(seqs.begin(), seqs.end());

        std::vector<std::string> ids, hashes, envelopes, devices, flags, signatures;
        std::vector<std::int64_t> revisions, times;
        std::vector<vault::Bytes> signed_receipts; // by k, for the answers
        for (std::size_t k = 0; k < absent.size(); ++k) {
            const IncomingEnvelope& in = batch[absent[k]];
            const vault::Bytes& signature = signed_receipts.emplace_back(sign(in, seqs[k], in.server_time, epoch));
            if (signature.empty()) return make_error("sync.storage", "the receipt could not be signed");
            ids.push_back(in.record_id);
            revisions.push_back(in.revision);
            hashes.push_back(in.envelope_hash);
            envelopes.push_back(vault::to_hex(in.envelope));
            devices.push_back(in.device_id);
            times.push_back(in.server_time);
            flags.push_back(in.clock_flag);
            signatures.push_back(vault::to_hex(signature));
        }
        auto inserted = exec_prepared(
            txn, "selfdirect_put_insert",
            "INSERT INTO envelopes (seq, record_id, revision, envelope_hash, envelope, device_id, server_time, "
            "clock_flag, receipt_signature, receipt_epoch) "
            "SELECT t.seq, t.record_id, t.revision, t.envelope_hash, decode(t.envelope, 'hex'), t.device_id, "
            "t.server_time, t.clock_flag, decode(t.signature, 'hex'), $10::text "
            "FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[], "
            "$8::text[], $9::text[]) AS t(seq, record_id, revision, envelope_hash, envelope, device_id, server_time, "
            "clock_flag, signature) "
            "ON CONFLICT (record_id, revision) DO NOTHING RETURNING seq",
            int_array(seqs), text_array(ids), int_array(revisions), text_array(hashes), text_array(envelopes),
            text_array(devices), int_array(times), text_array(flags), text_array(signatures), epoch);
        std::set<std::int64_t> kept;
        for (const auto& row : inserted) kept.insert(row[0].as<std::int64_t>());

        std::vector<std::size_t> lost; // inserted meanwhile by a writer without the key lock
        for (std::size_t k = 0; k < absent.size(); ++k) {
            const std::size_t i = absent[k];
            const IncomingEnvelope& in = batch[i];
            if (!kept.count(seqs[k])) {
                lost.push_back(i);
                continue;
            }
            winners[key_of(in)] = Winner{seqs[k], in.envelope_hash, in.server_time};
            results[i] = PutResult{PutOutcome::stored, seqs[k], in.server_time, in.envelope_hash, epoch,
                                   std::move(signed_receipts[k])};
        }
        if (lost.empty()) return {};
        // The INSERT waited for that writer's commit, so this statement's fresh snapshot sees it.
        const auto found = select_winners(txn, batch, lost);
        for (const auto i : lost) {
            auto w = found.find(key_of(batch[i]));
            if (w == found.end()) return make_error("sync.storage", "envelope vanished after a conflicting insert");
            winners[w->first] = w->second;
            results[i] = answer(batch[i], w->second, conflicts);
        }
        return {};
    }

    // Each newcomer kept once (ON CONFLICT DO NOTHING), in one statement. Sorted, so two
    // transactions inserting the same conflicts wait for each other in one order, never in a cycle.
    static void insert_conflicts(pqxx::work& txn, std::vector<const IncomingEnvelope*> conflicts) {
        if (conflicts.empty()) return;
        const auto order = [](const IncomingEnvelope* a, const IncomingEnvelope* b) {
            return std::tie(a->record_id, a->revision, a->envelope_hash) <
                   std::tie(b->record_id, b->revision, b->envelope_hash);
        };
        const auto same = [](const IncomingEnvelope* a, const IncomingEnvelope* b) {
            return a->record_id == b->record_id && a->revision == b->revision && a->envelope_hash == b->envelope_hash;
        };
        std::sort(conflicts.begin(), conflicts.end(), order);
        conflicts.erase(std::unique(conflicts.begin(), conflicts.end(), same), conflicts.end());
        std::vector<std::string> ids, hashes, envelopes, devices, flags;
        std::vector<std::int64_t> revisions, times;
        for (const auto* in : conflicts) {
            ids.push_back(in->record_id);
            revisions.push_back(in->revision);
            hashes.push_back(in->envelope_hash);
            envelopes.push_back(vault::to_hex(in->envelope));
            devices.push_back(in->device_id);
            times.push_back(in->server_time);
            flags.push_back(in->clock_flag);
        }
        exec_prepared(txn, "selfdirect_put_conflicts",
                      "INSERT INTO conflicts (record_id, revision, envelope_hash, envelope, device_id, server_time, "
                      "clock_flag) "
                      "SELECT t.record_id, t.revision, t.envelope_hash, decode(t.envelope, 'hex'), t.device_id, "
                      "t.server_time, t.clock_flag "
                      "FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], "
                      "$7::text[]) AS t(record_id, revision, envelope_hash, envelope, device_id, server_time, "
                      "clock_flag) "
                      "ON CONFLICT (record_id, revision, envelope_hash) DO NOTHING",
                      text_array(ids), int_array(revisions), text_array(hashes), text_array(envelopes),
                      text_array(devices), int_array(times), text_array(flags));
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
