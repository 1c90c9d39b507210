// The receiver over real HTTP: idempotent re-submission, conflicts kept aside without touching the
// original, rejections that leave the server up, the body cap, and stop/start behaviour.
#include "sync_test_support.h"

#include "vault/device_key.h"

#include <nlohmann/json.hpp>

using namespace selfdirect;
using namespace selfdirect::sync;
using namespace selfdirect::sync::testing;

namespace {

nlohmann::json health(const std::string& url) {
    httplib::Client client(url);
    auto response = client.Get(protocol::kHealthPath);
    REQUIRE(static_cast<bool>(response));
    REQUIRE(response->status == 200);
    return nlohmann::json::parse(response->body);
}

} // namespace

TEST_CASE("a new envelope is stored with 201 and answered with its id, revision, hash and sequence") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "a");
    RunningServer server(dir / "server.db");

    const auto answer = post_raw(server.url(), entry.envelope);
    CHECK(answer.status == 201);
    CHECK(answer.body.result == protocol::SubmitResult::stored);
    CHECK(answer.body.record_id == entry.record_id);
    CHECK(answer.body.revision == entry.revision);
    CHECK(answer.body.envelope_hash == vault::envelope_hash(entry.envelope));
    CHECK(answer.body.seq > 0);
    CHECK(answer.body.reason.empty());
    CHECK(health(server.url())["records"] == 1);
}

TEST_CASE("sending the same envelope twice answers duplicate like the original and keeps one copy") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "a");
    RunningServer server(dir / "server.db");

    const auto first = post_raw(server.url(), entry.envelope);
    const auto second = post_raw(server.url(), entry.envelope);
    REQUIRE(first.body.result == protocol::SubmitResult::stored);
    CHECK(second.status == 200);
    CHECK(second.body.result == protocol::SubmitResult::duplicate);
    CHECK(second.body.record_id == first.body.record_id);
    CHECK(second.body.revision == first.body.revision);
    CHECK(second.body.envelope_hash == first.body.envelope_hash);
    CHECK(second.body.seq == first.body.seq);
    CHECK(stored_count(server.store()) == 1);
}

TEST_CASE("a different envelope for a stored id and revision is a conflict and the original is untouched") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "original");
    RunningServer server(dir / "server.db");
    REQUIRE(post_raw(server.url(), entry.envelope).body.result == protocol::SubmitResult::stored);

    // Same header (record id, revision, device), different sealed content, validly signed.
    auto header = vault::verify_envelope(entry.envelope);
    REQUIRE(header.ok());
    auto keys = vault::detail::load_or_create_device_keys(dir / "device" / "device.key");
    REQUIRE(keys.ok());
    auto rival = vault::seal_record(vault::SecureBytes::from_string(response_json("rival")), header.value(),
                                    public_part(council), keys->sign_secret_key);
    REQUIRE(rival.ok());
    REQUIRE(vault::envelope_hash(rival.value()) != vault::envelope_hash(entry.envelope));

    const auto answer = post_raw(server.url(), rival.value());
    CHECK(answer.status == 409);
    CHECK(answer.body.result == protocol::SubmitResult::conflict);
    CHECK(answer.body.record_id == entry.record_id);
    CHECK(answer.body.envelope_hash == vault::envelope_hash(rival.value()));
    CHECK(answer.body.reason == protocol::kReasonRevisionExists);

    const auto held = stored(server.store());
    REQUIRE(held.size() == 1);
    CHECK(held[0].envelope == entry.envelope);
    CHECK(held[0].envelope_hash == vault::envelope_hash(entry.envelope));
    auto conflicts = server.store().count_conflicts();
    REQUIRE(conflicts.ok());
    CHECK(conflicts.value() == 1);

    // The same rival again is still a conflict, and is not kept twice.
    CHECK(post_raw(server.url(), rival.value()).body.result == protocol::SubmitResult::conflict);
    CHECK(server.store().count_conflicts().value() == 1);
}

TEST_CASE("a corrupted envelope is rejected with 400 and the server stays up") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "a");
    RunningServer server(dir / "server.db");

    vault::Bytes corrupted = entry.envelope;
    corrupted[corrupted.size() / 2] ^= 0x01;
    const auto flipped = post_raw(server.url(), corrupted);
    CHECK(flipped.status == 400);
    CHECK(flipped.body.result == protocol::SubmitResult::rejected);
    CHECK(flipped.body.reason.rfind("envelope.", 0) == 0);

    const auto garbage = post_raw(server.url(), std::string("definitely not an envelope"));
    CHECK(garbage.status == 400);
    CHECK(garbage.body.reason == "envelope.malformed");

    const auto empty = post_raw(server.url(), std::string());
    CHECK(empty.status == 400);
    CHECK(empty.body.result == protocol::SubmitResult::rejected);

    const auto status = health(server.url());
    CHECK(status["status"] == "ok");
    CHECK(status["records"] == 0);
    // And it still accepts good envelopes.
    CHECK(post_raw(server.url(), entry.envelope).body.result == protocol::SubmitResult::stored);
}

TEST_CASE("a body over the 16 MiB cap is refused with 413 while one at the cap is read") {
    TestDir dir;
    RunningServer server(dir / "server.db");

    const auto over = post_raw(server.url(), std::string(protocol::kMaxEnvelopeBytes + 1, 'x'));
    CHECK(over.status == 413);
    CHECK(over.body.result == protocol::SubmitResult::rejected);
    CHECK(over.body.reason == protocol::kReasonTooLarge);

    // Exactly at the cap is accepted for reading (and then rejected as not an envelope).
    const auto at = post_raw(server.url(), std::string(protocol::kMaxEnvelopeBytes, 'x'));
    CHECK(at.status == 400);
    CHECK(at.body.reason != protocol::kReasonTooLarge);
    CHECK(health(server.url())["status"] == "ok");
}

TEST_CASE("an envelope sent with another content type is rejected") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "a");
    RunningServer server(dir / "server.db");

    const auto answer =
        post_raw(server.url(), std::string(entry.envelope.begin(), entry.envelope.end()), "application/json");
    CHECK(answer.status == 400);
    CHECK(answer.body.reason == protocol::kReasonContentType);
    CHECK(stored_count(server.store()) == 0);
}

TEST_CASE("health reports the number of stored records") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    RunningServer server(dir / "server.db");
    CHECK(health(server.url()) == nlohmann::json{{"status", "ok"}, {"records", 0}});
    post_raw(server.url(), submit_record(*device, public_part(council), "a").envelope);
    post_raw(server.url(), submit_record(*device, public_part(council), "b").envelope);
    CHECK(health(server.url())["records"] == 2);
}

TEST_CASE("the server log names records but never their answers") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "SECRET-ANSWER-TEXT");
    RunningServer server(dir / "server.db");
    post_raw(server.url(), entry.envelope);

    const auto lines = server.log();
    bool named = false;
    for (const auto& line : lines) {
        CHECK(line.find("SECRET-ANSWER-TEXT") == std::string::npos);
        named = named || line.find(entry.record_id) != std::string::npos;
    }
    CHECK(named);
}

TEST_CASE("stored envelopes survive a server restart on the same store") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "a");
    {
        RunningServer server(dir / "server.db");
        REQUIRE(post_raw(server.url(), entry.envelope).body.result == protocol::SubmitResult::stored);
    }
    RunningServer again(dir / "server.db");
    CHECK(stored_count(again.store()) == 1);
    CHECK(post_raw(again.url(), entry.envelope).body.result == protocol::SubmitResult::duplicate);
}

TEST_CASE("a server stopped before it runs returns from run at once and stops listening") {
    TestDir dir;
    auto store = open_sqlite_envelope_store(dir / "server.db");
    REQUIRE(store.ok());
    SyncServer server(*store.value(), [](std::string_view) {});
    REQUIRE(server.bind("127.0.0.1", 0));
    server.stop();
    server.stop(); // twice is harmless
    server.run();  // would block forever if the early stop were lost
    REQUIRE(server.port() > 0);

    // Nothing may still accept connections on the port (and leave a client waiting for an answer).
    httplib::Client client("http://127.0.0.1:" + std::to_string(server.port()));
    client.set_read_timeout(1, 0);
    auto response = client.Get(protocol::kHealthPath);
    REQUIRE_FALSE(static_cast<bool>(response));
    CHECK(response.error() == httplib::Error::Connection);
}

TEST_CASE("binding a port that is already taken fails") {
    TestDir dir;
    RunningServer first(dir / "first.db");
    auto store = open_sqlite_envelope_store(dir / "second.db");
    REQUIRE(store.ok());
    SyncServer second(*store.value(), [](std::string_view) {});
    CHECK_FALSE(second.bind("127.0.0.1", first.port()));
}
