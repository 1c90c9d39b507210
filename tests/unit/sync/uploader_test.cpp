// The device uploader against a real SyncServer: rows leave the outbox only after the server has
// stored them (or already had them); every failure keeps them queued.
#include "sync/client/uploader.h"
#include "sync_test_support.h"

#include "vault/device_key.h"

using namespace selfdirect;
using namespace selfdirect::sync;
using namespace selfdirect::sync::testing;

TEST_CASE("uploading three submitted records leaves exactly three on the server and an empty outbox") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    std::vector<vault::OutboxEntry> sent;
    for (const char* marker : {"one", "two", "three"}) sent.push_back(submit_record(*device, public_part(council), marker));
    RunningServer server(dir / "server.db");

    auto report = upload_outbox(*device, server.url());
    REQUIRE(report.ok());
    CHECK(report->pending == 3);
    CHECK(report->acknowledged == 3);
    CHECK(report->failed == 0);
    CHECK(report->last_error.empty());
    CHECK(outbox_size(*device) == 0);

    const auto held = stored(server.store());
    REQUIRE(held.size() == 3);
    for (std::size_t i = 0; i < held.size(); ++i) {
        CHECK(held[i].record_id == sent[i].record_id);
        CHECK(held[i].envelope == sent[i].envelope);
        CHECK(held[i].envelope_hash == vault::envelope_hash(sent[i].envelope));
        CHECK(held[i].device_id == "kiosk-1");
    }
    CHECK(held[0].seq < held[1].seq);
    CHECK(held[1].seq < held[2].seq);

    // And the server's copies are what the council can open.
    auto opened = vault::open_record(held[1].envelope, council);
    REQUIRE(opened.ok());
    CHECK(std::string(opened->view()) == response_json("two"));
}

TEST_CASE("an upload with nothing pending sends nothing and reports nothing") {
    TestDir dir;
    auto device = open_device(dir / "device", "kiosk-1");
    // No server at all: an empty outbox must not even try to connect.
    auto report = upload_outbox(*device, "http://127.0.0.1:1");
    REQUIRE(report.ok());
    CHECK(report->pending == 0);
    CHECK(report->failed == 0);
    CHECK(report->last_error.empty());
}

TEST_CASE("a record the server already holds is acknowledged as a duplicate and stored once") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "lost ack");
    RunningServer server(dir / "server.db");

    // As if an earlier upload reached the server but its answer was lost on the way back.
    const auto first = post_raw(server.url(), entry.envelope);
    REQUIRE(first.body.result == protocol::SubmitResult::stored);
    CHECK(outbox_size(*device) == 1);

    auto report = upload_outbox(*device, server.url());
    REQUIRE(report.ok());
    CHECK(report->acknowledged == 1);
    CHECK(report->failed == 0);
    CHECK(outbox_size(*device) == 0);
    CHECK(stored_count(server.store()) == 1);
}

TEST_CASE("when the server is down the upload reports failure and the outbox keeps every row") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    submit_record(*device, public_part(council), "a");
    submit_record(*device, public_part(council), "b");

    std::string url;
    {
        RunningServer gone(dir / "server.db"); // learn a port that was free, then close it
        url = gone.url();
    }
    auto report = upload_outbox(*device, url);
    REQUIRE(report.ok());
    CHECK(report->pending == 2);
    CHECK(report->acknowledged == 0);
    CHECK(report->failed == 2);
    CHECK(report->last_error.rfind("sync.network", 0) == 0);
    CHECK(outbox_size(*device) == 2);
}

TEST_CASE("a malformed server address fails the upload without losing rows") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    submit_record(*device, public_part(council), "a");

    auto report = upload_outbox(*device, "not a url");
    REQUIRE(report.ok());
    CHECK(report->failed == 1);
    CHECK_FALSE(report->last_error.empty());
    CHECK(outbox_size(*device) == 1);
}

TEST_CASE("a device id that turns up with a different signing key is rejected and keeps its rows") {
    TestDir dir;
    const auto council = make_council_keys();
    auto original = open_device(dir / "original", "kiosk-1");
    auto impostor = open_device(dir / "impostor", "kiosk-1"); // same id, its own fresh key
    REQUIRE(original->identity().sign_public_key != impostor->identity().sign_public_key);
    submit_record(*original, public_part(council), "genuine");
    const auto forged = submit_record(*impostor, public_part(council), "forged");
    RunningServer server(dir / "server.db");

    auto first = upload_outbox(*original, server.url());
    REQUIRE(first.ok());
    REQUIRE(first->acknowledged == 1);

    auto second = upload_outbox(*impostor, server.url());
    REQUIRE(second.ok());
    CHECK(second->acknowledged == 0);
    CHECK(second->failed == 1);
    CHECK(second->last_error.find(protocol::kReasonKeyMismatch) != std::string::npos);
    CHECK(outbox_size(*impostor) == 1);

    const auto direct = post_raw(server.url(), forged.envelope);
    CHECK(direct.status == 400);
    CHECK(direct.body.result == protocol::SubmitResult::rejected);
    CHECK(direct.body.reason == protocol::kReasonKeyMismatch);
    CHECK(stored_count(server.store()) == 1);
}

TEST_CASE("a conflicting answer leaves the row queued") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "mine");
    RunningServer server(dir / "server.db");

    // Someone else's envelope for the same record id + revision reached the server first: the
    // device's own key re-seals different content under the same header.
    auto header = vault::verify_envelope(entry.envelope);
    REQUIRE(header.ok());
    auto keys = vault::detail::load_or_create_device_keys(dir / "device" / "device.key");
    REQUIRE(keys.ok());
    auto other = vault::seal_record(vault::SecureBytes::from_string(response_json("other")), header.value(),
                                    public_part(council), keys->sign_secret_key);
    REQUIRE(other.ok());
    REQUIRE(post_raw(server.url(), other.value()).body.result == protocol::SubmitResult::stored);

    auto report = upload_outbox(*device, server.url());
    REQUIRE(report.ok());
    CHECK(report->acknowledged == 0);
    CHECK(report->failed == 1);
    CHECK(report->last_error.find("conflict") != std::string::npos);
    CHECK(outbox_size(*device) == 1);
}

TEST_CASE("a stored answer that names a different envelope does not acknowledge the row") {
    TestDir dir;
    const auto council = make_council_keys();
    auto device = open_device(dir / "device", "kiosk-1");
    const auto entry = submit_record(*device, public_part(council), "a");

    // A misbehaving receiver: says "stored" but for a different hash.
    httplib::Server liar;
    liar.Post(protocol::kEnvelopesPath, [&](const httplib::Request&, httplib::Response& res) {
        protocol::SubmitResponse body;
        body.result = protocol::SubmitResult::stored;
        body.record_id = entry.record_id;
        body.revision = entry.revision;
        body.envelope_hash = std::string(64, '0');
        body.seq = 1;
        res.status = 201;
        res.set_content(protocol::to_json(body), "application/json");
    });
    const int port = liar.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread serving([&] { liar.listen_after_bind(); });
    while (!liar.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    auto report = upload_outbox(*device, "http://127.0.0.1:" + std::to_string(port));
    liar.stop();
    serving.join();

    REQUIRE(report.ok());
    CHECK(report->acknowledged == 0);
    CHECK(report->failed == 1);
    CHECK(outbox_size(*device) == 1);
}
