// Entry point of selfdirect-sync, the council receiver: opens the envelope store (SQLite or
// PostgreSQL) and the receipt key, binds (HTTP, or HTTPS with --tls-cert/--tls-key), optionally writes
// the bound port to a file (tests bind port 0), and serves until SIGINT/SIGTERM. With
// --new-restore-epoch it only gives the store a new restore epoch (after restoring it from a backup)
// and exits. Signals are blocked in every thread and taken by one sigwait thread, so no handler
// touches shared state and the server stops through its ordinary stop().
#include "sync/server/envelope_store.h"
#include "sync/server/receipt_key.h"
#include "sync/server/sync_server.h"
#include "vault/memory_hygiene.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>

namespace {

// Written to a temporary name and renamed, so a reader polling for the file never sees half of it.
bool write_port_file(const std::filesystem::path& path, int port) {
    const std::filesystem::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << port << "\n";
        if (!out.flush()) return false;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    return !ec;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"selfdirect-sync: receives sealed self-assessment envelopes from devices"};
    std::string store_location;
    std::string receipt_key_file;
    std::string host = "127.0.0.1";
    int port = 8470;
    std::string port_file;
    std::string tls_cert;
    std::string tls_key;
    bool new_epoch = false;
    app.add_option("--store", store_location,
                   "sqlite:PATH, a file path (SQLite, created if absent) or postgresql://user@host/db")
        ->required();
    app.add_option("--receipt-key", receipt_key_file, "receipt.sk (or its directory), from selfdirect-council receipt-keygen");
    app.add_option("--host", host, "address to listen on")->capture_default_str();
    app.add_option("--port", port, "TCP port; 0 picks a free one")->capture_default_str()->check(CLI::Range(0, 65535));
    app.add_option("--port-file", port_file, "write the bound port to this file once listening");
    auto* cert_opt = app.add_option("--tls-cert", tls_cert, "PEM certificate (chain): serve HTTPS");
    auto* key_opt = app.add_option("--tls-key", tls_key, "PEM private key for --tls-cert");
    cert_opt->needs(key_opt);
    key_opt->needs(cert_opt);
    app.add_flag("--new-restore-epoch", new_epoch,
                 "give the store a new restore epoch (run once after restoring it from a backup) and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "selfdirect-sync: " << e.what() << " (see --help)\n";
        return 2;
    }
    if (!new_epoch && receipt_key_file.empty()) {
        std::cerr << "selfdirect-sync: --receipt-key is required (create one with selfdirect-council receipt-keygen)\n";
        return 2;
    }

    // The receiver holds no council secret key, but it holds the receipt key and device envelopes:
    // still no core dumps.
    if (auto hardened = selfdirect::vault::harden_process(); !hardened) {
        std::cerr << "selfdirect-sync: warning: " << hardened.error().message << "\n";
    }

    // Block before any thread exists so the server's worker threads inherit the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto store = selfdirect::sync::open_envelope_store(store_location, {});
    if (!store) {
        // The location may be a URI with a password: name only the error.
        std::cerr << "selfdirect-sync: cannot open the store: " << store.error().code << ": " << store.error().message
                  << "\n";
        return 2;
    }
    if (new_epoch) {
        auto epoch = store.value()->new_restore_epoch();
        if (!epoch) {
            std::cerr << "selfdirect-sync: cannot set a new restore epoch: " << epoch.error().code << ": "
                      << epoch.error().message << "\n";
            return 2;
        }
        std::cout << "new restore epoch: " << epoch.value() << "\n";
        return 0;
    }

    auto receipt_key = selfdirect::sync::read_receipt_key(receipt_key_file);
    if (!receipt_key) {
        std::cerr << "selfdirect-sync: " << receipt_key.error().code << ": " << receipt_key.error().message << "\n";
        return 2;
    }

    selfdirect::sync::SyncServerOptions options;
    options.tls_cert_file = tls_cert;
    options.tls_key_file = tls_key;
    selfdirect::sync::SyncServer server(*store.value(), receipt_key.value(), {}, options);
    if (!server.valid()) {
        std::cerr << "selfdirect-sync: cannot use the TLS certificate " << tls_cert << " and key " << tls_key << "\n";
        return 2;
    }
    if (!server.bind(host, port)) {
        std::cerr << "selfdirect-sync: cannot listen on " << host << ":" << port << "\n";
        return 2;
    }
    if (!port_file.empty() && !write_port_file(port_file, server.port())) {
        std::cerr << "selfdirect-sync: cannot write port file " << port_file << "\n";
        return 2;
    }

    std::atomic<bool> signalled{false};
    std::thread signal_waiter([&server, &signals, &signalled] {
        int received = 0;
        sigwait(&signals, &received);
        signalled = true;
        server.stop();
    });
    server.run();
    // run() normally returns because the waiter called stop(); if the accept loop failed on its
    // own, wake the waiter with a signal aimed at that thread alone.
    if (!signalled) pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    std::cerr << "selfdirect-sync: stopped\n";
    return 0;
}
