// DeviceVault: draft answers never reach the disk in plaintext, tampered rows are reported, submit
// moves a session into the outbox atomically, and the device identity persists with safe modes.
#include "test_dir.h"
#include "vault_test_support.h"
#include "vault/database.h"
#include "vault/device_vault.h"

#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <thread>

using namespace selfdirect::vault;
using namespace selfdirect::vault::testing;

namespace {

// A unique marker, so finding it on disk can only mean our plaintext leaked.
std::string canary() {
    return "CANARY-" + std::to_string(std::random_device{}()) + "-" + std::to_string(std::random_device{}()) +
           "-do-not-store-me";
}

// Every regular file under `dir` (device.db, -wal, -shm, device.key, ...) that contains `needle`.
std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::string& needle) {
    std::vector<std::string> hits;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (bytes.find(needle) != std::string::npos) hits.push_back(entry.path().filename().string());
    }
    return hits;
}

std::vector<std::string> file_names(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    return names;
}

// xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx, lower-case hex.
bool is_uuid_v4(const std::string& id) {
    if (id.size() != 36) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (id[i] == '-')) return false;
        if (!dash && std::string_view("0123456789abcdef").find(id[i]) == std::string_view::npos) return false;
    }
    return id[14] == '4' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}

unsigned mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

} // namespace

TEST_CASE("the file scan used by the plaintext tests finds a canary that is on disk") {
    TestDir dir;
    const std::string marker = canary();
    { std::ofstream(dir / "plain.txt") << "xx" << marker << "yy"; }
    CHECK(files_containing(dir.path(), marker) == std::vector<std::string>{"plain.txt"});
}

TEST_CASE("draft answers are not stored in plaintext, before or after closing the vault") {
    TestDir dir;
    const auto data = dir / "data";
    const std::string marker = canary();
    {
        auto vault = open_vault(data);
        auto s = begin(*vault);
        save(*vault, s, "q-mobility", marker);
        save(*vault, s, "q-other", "my name is " + marker);
        auto loaded = vault->load_answers(s);
        REQUIRE(loaded.ok());
        REQUIRE(loaded->at("q-mobility").view() == marker); // the answer really was stored
        INFO("files: ", file_names(data).size());
        CHECK(files_containing(data, marker).empty()); // while open: device.db, -wal, -shm
    }
    CHECK(files_containing(data, marker).empty()); // after close (WAL checkpointed into device.db)
}

TEST_CASE("a submitted record leaves no plaintext on disk") {
    TestDir dir;
    const auto data = dir / "data";
    const std::string marker = canary();
    const auto keys = council();
    {
        auto vault = open_vault(data);
        auto s = begin(*vault);
        save(*vault, s, "q1", marker);
        auto entry = vault->submit(s, SecureBytes::from_string(R"({"q1":")" + marker + R"("})"), "SKEL-1", "1",
                                   public_of(keys));
        REQUIRE(entry.ok());
        CHECK(files_containing(data, marker).empty());
    }
    CHECK(files_containing(data, marker).empty());
}

TEST_CASE("an ended session leaves no plaintext on disk") {
    TestDir dir;
    const auto data = dir / "data";
    const std::string marker = canary();
    {
        auto vault = open_vault(data);
        auto s = begin(*vault);
        save(*vault, s, "q1", marker);
        REQUIRE(vault->end_session(s).ok());
        CHECK(files_containing(data, marker).empty());
    }
    CHECK(files_containing(data, marker).empty());
}

TEST_CASE("draft answers survive within a session, and saving again replaces the answer") {
    TestDir dir;
    auto vault = open_vault(dir / "data");
    auto s = begin(*vault);
    save(*vault, s, "q1", "first");
    save(*vault, s, "q2", "");
    save(*vault, s, "q1", "second");
    auto loaded = vault->load_answers(s);
    REQUIRE(loaded.ok());
    REQUIRE(loaded->size() == 2);
    CHECK(loaded->at("q1").view() == "second");
    CHECK(loaded->at("q2").empty());

    auto other = begin(*vault);
    auto none = vault->load_answers(other);
    REQUIRE(none.ok());
    CHECK(none->empty()); // sessions do not see each other's answers
}

TEST_CASE("a draft ciphertext copied to another link's row fails to open as vault.tampered") {
    TestDir dir;
    const auto data = dir / "data";
    auto vault = open_vault(data);
    auto s = begin(*vault);
    save(*vault, s, "q-a", "answer a");
    save(*vault, s, "q-b", "answer b");
    REQUIRE(vault->load_answers(s).ok());
    {
        auto db = Database::open(data / "device.db");
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("UPDATE drafts SET (nonce, ciphertext) = "
                            "(SELECT nonce, ciphertext FROM drafts WHERE link_id = 'q-a') WHERE link_id = 'q-b'")
                    .ok());
    }
    auto loaded = vault->load_answers(s);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == "vault.tampered");
}

TEST_CASE("a draft ciphertext with one flipped bit fails to open as vault.tampered") {
    TestDir dir;
    const auto data = dir / "data";
    auto vault = open_vault(data);
    auto s = begin(*vault);
    save(*vault, s, "q1", "answer");
    {
        auto db = Database::open(data / "device.db");
        REQUIRE(db.ok());
        auto read = (*db)->prepare("SELECT ciphertext FROM drafts");
        REQUIRE(read.ok());
        REQUIRE(read->step().value());
        Bytes ct = read->column_blob(0);
        read->reset();
        ct[0] ^= 1;
        auto write = (*db)->prepare("UPDATE drafts SET ciphertext = ?");
        REQUIRE(write.ok());
        REQUIRE(write->bind_blob(1, ct.data(), ct.size()).run().ok());
    }
    auto loaded = vault->load_answers(s);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == "vault.tampered");
}

TEST_CASE("submit puts exactly one sealed row in the outbox, removes the drafts and forgets the session") {
    TestDir dir;
    const auto data = dir / "data";
    const auto keys = council();
    auto vault = open_vault(data);
    auto s = begin(*vault);
    auto keep = begin(*vault);
    save(*vault, s, "q1", "stairs");
    save(*vault, s, "q2", "meals");
    save(*vault, keep, "q1", "another resident");
    const std::string response = R"({"q1":"stairs","q2":"meals"})";
    auto entry = vault->submit(s, SecureBytes::from_string(response), "SKEL-1", "1", public_of(keys));
    REQUIRE_MESSAGE(entry.ok(), (entry.ok() ? "" : entry.error().message));

    CHECK(is_uuid_v4(entry->record_id));
    CHECK(entry->revision == 1);
    CHECK(entry->envelope_hash == envelope_hash(entry->envelope));

    auto pending = vault->pending_outbox();
    REQUIRE(pending.ok());
    REQUIRE(pending->size() == 1);
    CHECK(pending->front().record_id == entry->record_id);
    CHECK(pending->front().envelope == entry->envelope);
    CHECK(pending->front().envelope_hash == entry->envelope_hash);

    CHECK(count(data / "device.db", "SELECT count(*) FROM drafts WHERE session_id = '" + s.session_id + "'") == 0);
    CHECK(count(data / "device.db", "SELECT count(*) FROM drafts WHERE session_id = '" + keep.session_id + "'") == 1);
    CHECK(vault->save_answer(s, "q3", SecureBytes::from_string("late")).error().code == "vault.no_session");
    CHECK(vault->load_answers(s).error().code == "vault.no_session");

    auto header = verify_envelope(entry->envelope);
    REQUIRE(header.ok());
    CHECK(header->device_id == "kiosk-07");
    CHECK(header->device_sign_public_key == vault->identity().sign_public_key);
    CHECK(header->council_key_ids == std::vector<std::string>{"council-2026"});
    CHECK(header->form_id == "SKEL-1");
    CHECK(header->record_id == entry->record_id);
    auto opened = open_record(entry->envelope, keys);
    REQUIRE(opened.ok());
    CHECK(opened->view() == response);
}

TEST_CASE("during a key rotation submit seals to every council key given, and either secret key opens the record") {
    TestDir dir;
    auto old_pair = generate_council_keypair("council-2025");
    auto new_pair = generate_council_keypair("council-2026");
    REQUIRE(old_pair.ok());
    REQUIRE(new_pair.ok());
    auto vault = open_vault(dir / "data");
    auto s = begin(*vault);
    const std::string response = R"({"q1":"rotation"})";
    auto entry = vault->submit(s, SecureBytes::from_string(response), "SKEL-1", "1",
                               std::vector<CouncilPublicKey>{public_of(*old_pair), public_of(*new_pair)});
    REQUIRE_MESSAGE(entry.ok(), (entry.ok() ? "" : entry.error().message));

    auto header = verify_envelope(entry->envelope);
    REQUIRE(header.ok());
    CHECK(header->council_key_ids == std::vector<std::string>{"council-2025", "council-2026"});
    for (const auto* pair : {&*old_pair, &*new_pair}) {
        auto opened = open_record(entry->envelope, *pair);
        REQUIRE_MESSAGE(opened.ok(), pair->key_id);
        CHECK(opened->view() == response);
    }
}

TEST_CASE("submit with no council key is refused and keeps the session and its drafts") {
    TestDir dir;
    auto vault = open_vault(dir / "data");
    auto s = begin(*vault);
    save(*vault, s, "q1", "kept");
    auto entry = vault->submit(s, SecureBytes::from_string("{}"), "SKEL-1", "1", std::vector<CouncilPublicKey>{});
    REQUIRE_FALSE(entry.ok());
    CHECK(entry.error().code == "vault.no_council_key");
    auto answers = vault->load_answers(s);
    REQUIRE(answers.ok());
    CHECK(answers->at("q1").view() == "kept");
}

TEST_CASE("a failed submit keeps the session and its drafts") {
    TestDir dir;
    auto vault = open_vault(dir / "data");
    auto s = begin(*vault);
    save(*vault, s, "q1", "stairs");
    CouncilPublicKey broken{"council-2026", Bytes(5, 1)};
    auto entry = vault->submit(s, SecureBytes::from_string("{}"), "SKEL-1", "1", broken);
    REQUIRE_FALSE(entry.ok());
    auto loaded = vault->load_answers(s);
    REQUIRE(loaded.ok());
    CHECK(loaded->at("q1").view() == "stairs");
    auto pending = vault->pending_outbox();
    REQUIRE(pending.ok());
    CHECK(pending->empty());
}

TEST_CASE("end_session deletes the drafts and forgets the key") {
    TestDir dir;
    const auto data = dir / "data";
    auto vault = open_vault(data);
    auto s = begin(*vault);
    save(*vault, s, "q1", "answer");
    REQUIRE(vault->end_session(s).ok());
    CHECK(count(data / "device.db", "SELECT count(*) FROM drafts") == 0);
    CHECK(vault->load_answers(s).error().code == "vault.no_session");
    CHECK(vault->save_answer(s, "q1", SecureBytes::from_string("x")).error().code == "vault.no_session");
}

TEST_CASE("the outbox survives closing and reopening the vault, and drafts of the closed process are purged") {
    TestDir dir;
    const auto data = dir / "data";
    const auto keys = council();
    std::string record_id;
    Bytes envelope;
    {
        auto vault = open_vault(data);
        auto s = begin(*vault);
        auto entry = vault->submit(s, SecureBytes::from_string("{}"), "SKEL-1", "1", public_of(keys));
        REQUIRE(entry.ok());
        record_id = entry->record_id;
        envelope = entry->envelope;
        auto unfinished = begin(*vault);
        save(*vault, unfinished, "q1", "half done");
    }
    CHECK(count(data / "device.db", "SELECT count(*) FROM drafts") == 1);
    auto vault = open_vault(data);
    auto pending = vault->pending_outbox();
    REQUIRE(pending.ok());
    REQUIRE(pending->size() == 1);
    CHECK(pending->front().record_id == record_id);
    CHECK(pending->front().envelope == envelope);
    CHECK(count(data / "device.db", "SELECT count(*) FROM drafts") == 0);
}

TEST_CASE("the device key file is 0600, the data dir 0700, and the identity is reused on reopen") {
    TestDir dir;
    const auto data = dir / "data";
    Bytes sign_pk;
    Bytes box_pk;
    {
        auto vault = open_vault(data);
        sign_pk = vault->identity().sign_public_key;
        box_pk = vault->identity().box_public_key;
        CHECK(vault->identity().device_id == "kiosk-07");
        CHECK(sign_pk.size() == 32);
        CHECK(box_pk.size() == 32);
    }
    CHECK(mode_of(data) == 0700);
    CHECK(mode_of(data / "device.key") == 0600);
    auto vault = open_vault(data);
    CHECK(vault->identity().sign_public_key == sign_pk);
    CHECK(vault->identity().box_public_key == box_pk);

    TestDir elsewhere;
    auto other = open_vault(elsewhere / "data");
    CHECK(other->identity().sign_public_key != sign_pk);
}

TEST_CASE("a device key file readable by others is refused") {
    TestDir dir;
    const auto data = dir / "data";
    { open_vault(data); }
    REQUIRE(::chmod((data / "device.key").c_str(), 0644) == 0);
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE_FALSE(vault.ok());
    CHECK(vault.error().code == "vault.key_file");
}

TEST_CASE("a damaged device key file is refused") {
    TestDir dir;
    const auto data = dir / "data";
    { open_vault(data); }
    {
        std::ofstream out(data / "device.key", std::ios::trunc);
        out << "ed25519-sk AAAA\nx25519-sk AAAA\n";
    }
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE_FALSE(vault.ok());
    CHECK(vault.error().code == "vault.key_file");
}

TEST_CASE("a corrupt device.db is reported as vault.corrupt") {
    TestDir dir;
    const auto data = dir / "data";
    { open_vault(data); }
    {
        std::fstream f(data / "device.db", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(0);
        f << "this is not the SQLite header!!";
    }
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE_FALSE(vault.ok());
    CHECK(vault.error().code == "vault.corrupt");
}

TEST_CASE("a second vault on the same data directory is refused while the first is open") {
    TestDir dir;
    const auto data = dir / "data";
    auto first = open_vault(data);
    auto second = DeviceVault::open(data, "kiosk-07");
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == "vault.locked");
    first.reset();
    CHECK(DeviceVault::open(data, "kiosk-07").ok());
}

TEST_CASE("the UI worker saving answers and the sync worker reading the outbox can run at the same time") {
    TestDir dir;
    const auto keys = council();
    auto vault = open_vault(dir / "data");
    auto s = begin(*vault);
    std::atomic<bool> failed{false};
    std::thread ui([&] {
        for (int i = 0; i < 100; ++i) {
            if (!vault->save_answer(s, "q" + std::to_string(i % 10), SecureBytes::from_string("v" + std::to_string(i))).ok()) {
                failed = true;
            }
        }
    });
    std::thread sync([&] {
        for (int i = 0; i < 100; ++i) {
            auto pending = vault->pending_outbox();
            if (!pending.ok()) {
                failed = true;
                continue;
            }
            for (const auto& e : pending.value()) {
                StoredReceipt receipt{e.record_id, e.revision, e.envelope_hash, 1, 1, "epoch-1", Bytes(64, 7)};
                if (!vault->store_receipt(receipt, 1).ok()) failed = true;
            }
        }
    });
    for (int i = 0; i < 10; ++i) {
        auto other = begin(*vault);
        if (!vault->submit(other, SecureBytes::from_string("{}"), "SKEL-1", "1", public_of(keys)).ok()) failed = true;
    }
    ui.join();
    sync.join();
    CHECK_FALSE(failed.load());
    auto loaded = vault->load_answers(s);
    REQUIRE(loaded.ok());
    CHECK(loaded->size() == 10);
}

TEST_CASE("a device id with spaces or control characters is refused") {
    TestDir dir;
    CHECK(DeviceVault::open(dir / "data", "").error().code == "vault.bad_device_id");
    CHECK(DeviceVault::open(dir / "data", "kiosk 7").error().code == "vault.bad_device_id");
}
