// Connection handling for the PostgreSQL EnvelopeStore (see postgres_pool.h): borrowing and
// returning connections, libpq defaults, and the storage error text (never the URI: it may hold a
// password).
#include "sync/server/postgres_pool.h"

namespace selfdirect::sync {

std::string postgres_uri_with_defaults(const std::string& uri) {
    std::string out = uri;
    if (out.find("connect_timeout=") == std::string::npos) {
        out += (out.find('?') == std::string::npos ? "?" : "&");
        out += "connect_timeout=10";
    }
    return out;
}

std::unique_ptr<pqxx::connection> PgPool::connect() const {
    auto conn = std::make_unique<pqxx::connection>(uri_);
    // "relation already exists, skipping" and friends are not worth a line on stderr.
    conn->set_variable("client_min_messages", "warning");
    return conn;
}

Result<void> PgPool::borrow(std::unique_ptr<pqxx::connection>& out, bool& was_idle) {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            out = std::move(idle_.back());
            idle_.pop_back();
            was_idle = true;
            return {};
        }
    }
    was_idle = false;
    try {
        out = connect();
        return {};
    } catch (const std::exception& e) {
        return storage_error("cannot connect to PostgreSQL", e);
    }
}

void PgPool::give_back(std::unique_ptr<pqxx::connection> conn) {
    if (!conn || !conn->is_open()) return;
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

void PgPool::drop_idle() {
    std::vector<std::unique_ptr<pqxx::connection>> stale;
    {
        std::lock_guard lock(mutex_);
        stale.swap(idle_);
    }
    // Closed outside the lock: closing a connection to a dead server can take a moment.
}

Error PgPool::storage_error(const std::string& what, const std::exception& e) {
    std::string detail = e.what();
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return make_error("sync.storage", what + ": " + detail);
}

} // namespace selfdirect::sync
