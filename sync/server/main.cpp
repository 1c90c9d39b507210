// Entry point of selfdirect-sync, the council receiver: opens the envelope store, binds, optionally
// writes the bound port to a file (tests bind port 0), and serves until SIGINT/SIGTERM.
// Signals are blocked in every thread and taken by one sigwait thread, so no handler touches
// shared state and the server stops through its ordinary stop().
#include "sync/server/envelope_store.h"
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
    std::string store_path;
    std::string host = "127.0.0.1";
    int port = 8470;
    std::string port_file;
    app.add_option("--store", store_path, "SQLite file holding received envelopes (created if absent)")->required();
    app.add_option("--host", host, "address to listen on")->capture_default_str();
    app.add_option("--port", port, "TCP port; 0 picks a free one")->capture_default_str()->check(CLI::Range(0, 65535));
    app.add_option("--port-file", port_file, "write the bound port to this file once listening");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "selfdirect-sync: " << e.what() << " (see --help)\n";
        return 2;
    }

    // The receiver holds no council secret key, but it does hold device envelopes: still no core dumps.
    if (auto hardened = selfdirect::vault::harden_process(); !hardened) {
        std::cerr << "selfdirect-sync: warning: " << hardened.error().message << "\n";
    }

    // Block before any thread exists so the server's worker threads inherit the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto store = selfdirect::sync::open_sqlite_envelope_store(store_path);
    if (!store) {
        std::cerr << "selfdirect-sync: cannot open store " << store_path << ": " << store.error().code << ": "
                  << store.error().message << "\n";
        return 2;
    }

    selfdirect::sync::SyncServer server(*store.value());
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
