// A small pool of libpqxx connections for the PostgreSQL EnvelopeStore, and the one place that turns
// libpqxx exceptions into Result errors. Exists because httplib answers on a thread pool and a
// pqxx::connection must not be used by two threads at once: each call borrows a connection for the
// length of one transaction. A broken connection is dropped, so the next call reconnects.
#pragma once

#include "core/result.h"

#include <pqxx/pqxx>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace selfdirect::sync {

// `uri` with libpq defaults this store relies on, added only when the URI does not set them:
// connect_timeout (a vanished server gives an error within seconds, not a hang).
std::string postgres_uri_with_defaults(const std::string& uri);

class PgPool {
public:
    explicit PgPool(std::string uri, std::size_t max_idle = 8) : uri_(std::move(uri)), max_idle_(max_idle) {}

    // Runs `body(pqxx::connection&)`, which returns a Result<T>, on a borrowed connection. libpqxx
    // exceptions become "sync.storage" errors: serialisation failures and deadlocks are retried a
    // few times (the body must be a whole transaction, safe to run again), and a connection that was
    // idle in the pool and turns out broken (the server restarted meanwhile) is replaced once.
    template <typename F>
    auto run(F&& body) -> decltype(body(std::declval<pqxx::connection&>())) {
        constexpr int kAttempts = 5;
        for (int attempt = 1;; ++attempt) {
            bool was_idle = false;
            std::unique_ptr<pqxx::connection> conn;
            if (auto r = borrow(conn, was_idle); !r) return r.error();
            try {
                auto result = body(*conn);
                give_back(std::move(conn));
                return result;
            } catch (const pqxx::broken_connection& e) {
                if (was_idle && attempt == 1) {
                    // The server went away while this sat in the pool (a restart, a failover): the
                    // other idle ones are stale too. Drop them all and try once on a fresh one.
                    drop_idle();
                    continue;
                }
                return storage_error("lost the connection to PostgreSQL", e);
            } catch (const pqxx::in_doubt_error& e) {
                // Commit outcome unknown. Callers' writes are idempotent, so the device's retry settles it.
                return storage_error("commit outcome unknown", e);
            } catch (const pqxx::transaction_rollback& e) {
                if (conn && conn->is_open()) give_back(std::move(conn));
                if (attempt < kAttempts) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
                    continue;
                }
                return storage_error("transaction kept being rolled back", e);
            } catch (const pqxx::sql_error& e) {
                if (conn && conn->is_open()) give_back(std::move(conn));
                return storage_error("PostgreSQL error", e);
            } catch (const std::exception& e) {
                return storage_error("PostgreSQL client error", e);
            }
        }
    }

    // A new connection, outside the pool (schema setup at open). Throws what libpqxx throws.
    std::unique_ptr<pqxx::connection> connect() const;

private:
    Result<void> borrow(std::unique_ptr<pqxx::connection>& out, bool& was_idle);
    void give_back(std::unique_ptr<pqxx::connection> conn);
    void drop_idle();
    static Error storage_error(const std::string& what, const std::exception& e);

    std::string uri_;
    std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<pqxx::connection>> idle_;
};

} // namespace selfdirect::sync
