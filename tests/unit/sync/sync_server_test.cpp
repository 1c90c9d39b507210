// SyncServer v2 over real loopback HTTP(S): enrolment (happy path, repeat, bad code, expired, bad
// proof, slow-down), batched upload with per-envelope results in request order, whole-request
// refusals (413, content type, malformed JSON) after which the server still answers, tamper cases 6,
// 7, 9, 10 and 22 end to end, epoch changes, health, metrics, logs without answers, the removed v1
// endpoint, and a TLS round trip with a certificate made by the openssl CLI at test time.
#include "server_test_support.h"

#include <cstdio>
#include <fstream>

using namespace selfdirect;
using namespace selfdirect::sync;
using namespace selfdirect::sync::server_testing;
using protocol::UploadResult;

namespace {

// Issues a code for `device_id` in the server's store and returns the printed form.
std::string issue_code(EnvelopeStore& store, const std::string& device_id, std::int64_t expires = kNow + 3600) {
    const std::string code(protocol::generate_enrolment_code().view());
    REQUIRE(store.add_enrolment_code({protocol::enrolment_code_hash(code), device_id, expires, {}}).ok());
    return code;
}

protocol::EnrolRequest enrol_request(const Device& device, const std::string& code) {
    protocol::EnrolRequest request;
    request.device_id = device.id;
    request.code = code;
    request.sign_public_key = device.sign.public_key;
    request.box_public_key = device.box_public_key;
    request.proof = vault::sign_detached(protocol::enrol_proof_text(request), device.sign.secret_key).value();
    return request;
}

Answer post_enrol(const std::string& url, const protocol::EnrolRequest& request) {
    return post(url, protocol::kEnrolPath, protocol::to_json(request));
}

std::string reason_of(const Answer& answer) {
    const auto j = answer.json();
    return j.is_object() && j.contains("reason") ? j["reason"].get<std::string>() : std::string("<none>");
}

} // namespace

TEST_CASE("a device enrols with a one-time code and the answer is signed by the pinned receipt key") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-central-library-1");
    const std::string code = issue_code(server.store(), device.id);

    const Answer answer = post_enrol(server.url(), enrol_request(device, code));
    REQUIRE_MESSAGE(answer.status == 200, answer.body);
    auto parsed = protocol::parse_enrol_response(answer.body);
    REQUIRE(parsed.ok());
    CHECK(parsed->device_id == device.id);
    CHECK(parsed->receipt_key == server.key().public_key);
    CHECK(parsed->restore_epoch == server.store().restore_epoch().value());
    CHECK(vault::verify_detached(protocol::enrolled_signed_text(device.id, device.sign.public_key, parsed->restore_epoch),
                                 parsed->signature, server.key().public_key));
    auto record = server.store().device(device.id);
    REQUIRE(record.ok());
    REQUIRE(record->has_value());
    CHECK(record->value().sign_public_key == device.sign.public_key);
    CHECK(record->value().box_public_key == device.box_public_key);

    SUBCASE("repeating the same request gets the same answer") {
        const Answer again = post_enrol(server.url(), enrol_request(device, code));
        CHECK(again.status == 200);
        CHECK(again.body == answer.body);
    }
    SUBCASE("a code typed in lower case without dashes is the same code") {
        std::string typed;
        for (const char c : code) {
            if (c != '-') typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        // The proof always signs the normalised code (upper case, dashes), whatever is sent.
        auto request = enrol_request(device, code);
        request.code = typed;
        const Answer again = post_enrol(server.url(), request);
        CHECK_MESSAGE(again.status == 200, again.body);
    }
    SUBCASE("another key cannot reuse the spent code") {
        const Device thief = make_device(device.id);
        const Answer stolen = post_enrol(server.url(), enrol_request(thief, code));
        CHECK(stolen.status == 400);
        CHECK(reason_of(stolen) == "enrol.bad_code");
        CHECK(server.store().device(device.id).value()->sign_public_key == device.sign.public_key);
    }
}

TEST_CASE("a revoked or replaced key replaying its spent enrolment code is refused with enrol.bad_code") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("tablet-9");
    const std::string code = issue_code(server.store(), device.id);
    REQUIRE(post_enrol(server.url(), enrol_request(device, code)).status == 200);

    SUBCASE("revoked: no signed enrolled answer, and the device stays revoked") {
        REQUIRE(server.store().revoke_device(device.id, kNow).ok());
        const Answer replay = post_enrol(server.url(), enrol_request(device, code));
        CHECK_MESSAGE(replay.status == 400, replay.body);
        CHECK(reason_of(replay) == "enrol.bad_code");
        CHECK(server.store().device(device.id).value()->revoked_unix.has_value());
    }
    SUBCASE("replaced: the device re-enrolled with a new key, the old key replays its old code") {
        const Device renewed = make_device(device.id);
        REQUIRE(post_enrol(server.url(), enrol_request(renewed, issue_code(server.store(), device.id))).status == 200);
        const Answer replay = post_enrol(server.url(), enrol_request(device, code));
        CHECK_MESSAGE(replay.status == 400, replay.body);
        CHECK(reason_of(replay) == "enrol.bad_code");
        CHECK(server.store().device(device.id).value()->sign_public_key == renewed.sign.public_key);
    }
}

TEST_CASE("enrolment refuses an unknown code, an expired code, a bad proof and a malformed request") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("tablet-7");

    const Answer unknown = post_enrol(server.url(), enrol_request(device, "0000-0000-0000-0000"));
    CHECK(unknown.status == 400);
    CHECK(reason_of(unknown) == "enrol.bad_code");
    CHECK(unknown.json()["result"] == "rejected");

    const Answer not_a_code = post_enrol(server.url(), enrol_request(device, "hello"));
    CHECK(reason_of(not_a_code) == "enrol.bad_code");

    const std::string for_other = issue_code(server.store(), "tablet-8");
    CHECK(reason_of(post_enrol(server.url(), enrol_request(device, for_other))) == "enrol.bad_code");

    const std::string expired = issue_code(server.store(), device.id, kNow - 1);
    CHECK(reason_of(post_enrol(server.url(), enrol_request(device, expired))) == "enrol.expired");

    const std::string good = issue_code(server.store(), device.id);
    auto forged = enrol_request(device, good);
    forged.proof[0] ^= 1;
    const Answer bad_proof = post_enrol(server.url(), forged);
    CHECK(bad_proof.status == 400);
    CHECK(reason_of(bad_proof) == "enrol.bad_proof");
    // The proof must cover the box key too.
    auto swapped = enrol_request(device, good);
    swapped.box_public_key = vault::random_bytes(32);
    CHECK(reason_of(post_enrol(server.url(), swapped)) == "enrol.bad_proof");
    CHECK_FALSE(server.store().device(device.id).value().has_value());

    const Answer malformed = post(server.url(), protocol::kEnrolPath, R"({"protocol":2,"device_id":"tablet-7"})");
    CHECK(malformed.status == 400);
    CHECK(reason_of(malformed) == "request.malformed");

    // None of those spent the good code.
    CHECK(post_enrol(server.url(), enrol_request(device, good)).status == 200);
}

TEST_CASE("ten failed enrolments from one address in a minute get 429 enrol.slow_down") {
    TempDir dir;
    SyncServerOptions options;
    options.enrol_failures_per_minute = 10;
    RunningServer server(dir / "server.db", options);
    const Device device = make_device("kiosk-5");
    const std::string good = issue_code(server.store(), device.id);
    for (int i = 0; i < 10; ++i) {
        const Answer wrong = post_enrol(server.url(), enrol_request(device, "0000-0000-0000-000" + std::to_string(i)));
        REQUIRE(wrong.status == 400);
    }
    const Answer slowed = post_enrol(server.url(), enrol_request(device, good));
    CHECK(slowed.status == 429);
    CHECK(reason_of(slowed) == "enrol.slow_down");
    CHECK_FALSE(server.store().device(device.id).value().has_value()); // not even the right code, for now
    const auto metrics = get(server.url(), protocol::kMetricsPath).json();
    CHECK(metrics["enrolments"]["enrol.slow_down"] == 1);
    CHECK(metrics["enrolments"]["enrol.bad_code"] == 10);
}

TEST_CASE("a batch gets one result per envelope in request order and one bad envelope blocks nothing") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);
    const std::string shared_id = new_record_id();
    REQUIRE(upload(server.url(), device.id, {seal(device, shared_id, 1, "original")}).results[0].result ==
            UploadResult::stored);

    const auto first = seal(device);
    const std::string junk = "not an envelope";
    const auto rival = seal(device, shared_id, 1, "rival");
    const auto last = seal(device);
    const auto response =
        upload(server.url(), device.id, {first, vault::Bytes(junk.begin(), junk.end()), rival, last, first});

    CHECK(response.restore_epoch == server.store().restore_epoch().value());
    CHECK(response.server_time == kNow);
    const auto& r = response.results;
    for (std::size_t i = 0; i < r.size(); ++i) CHECK(r[i].index == i);
    CHECK(r[0].result == UploadResult::stored);
    CHECK(r[1].result == UploadResult::rejected);
    CHECK(r[1].reason == "envelope.malformed");
    CHECK(r[2].result == UploadResult::conflict);
    CHECK(r[2].reason == "record.revision_exists");
    CHECK(r[3].result == UploadResult::stored);
    CHECK(r[4].result == UploadResult::duplicate); // the same envelope twice in one batch
    REQUIRE(r[0].receipt.has_value());
    REQUIRE(r[4].receipt.has_value());
    CHECK(protocol::to_json(*r[4].receipt) == protocol::to_json(*r[0].receipt));
    CHECK(r[3].receipt->server_seq > r[0].receipt->server_seq);
    for (const auto& outcome : {r[0], r[3]}) {
        CHECK(protocol::receipt_matches(*outcome.receipt, server.key().public_key, outcome.record_id, outcome.revision,
                                        outcome.envelope_hash));
    }
    CHECK(stored_count(server.store()) == 3);
    CHECK(server.store().find(shared_id, 1).value()->envelope != rival);
}

TEST_CASE("tamper cases 6 and 7 over HTTP: an unenrolled key and a revoked device are rejected per envelope") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);
    const Device impostor = make_device("kiosk-1");
    const auto mixed = upload(server.url(), device.id, {seal(impostor), seal(device)});
    CHECK(mixed.results[0].result == UploadResult::rejected);
    CHECK(mixed.results[0].reason == "device.key_mismatch");
    CHECK(mixed.results[1].result == UploadResult::stored);

    const Device stranger = make_device("kiosk-9");
    CHECK(upload(server.url(), stranger.id, {seal(stranger)}).results[0].reason == "device.not_enrolled");

    REQUIRE(server.store().revoke_device(device.id, kNow).ok());
    const auto after = upload(server.url(), device.id, {seal(device)});
    CHECK(after.results[0].result == UploadResult::rejected);
    CHECK(after.results[0].reason == "device.revoked");
    CHECK(stored_count(server.store()) == 1);
}

TEST_CASE("tamper 9 and 10 over HTTP: a replay gets the original receipt, a rival is quarantined") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);
    const std::string id = new_record_id();
    const auto original = seal(device, id, 1, "a");
    const auto first = upload(server.url(), device.id, {original}).results[0];
    const auto replay = upload(server.url(), device.id, {original}).results[0];
    CHECK(replay.result == UploadResult::duplicate);
    CHECK(protocol::to_json(*replay.receipt) == protocol::to_json(*first.receipt));
    const auto rival = upload(server.url(), device.id, {seal(device, id, 1, "b")}).results[0];
    CHECK(rival.result == UploadResult::conflict);
    CHECK_FALSE(rival.receipt.has_value());
    CHECK(stored_count(server.store()) == 1);
    CHECK(server.store().count_conflicts().value() == 1);
    CHECK(server.store().find(id, 1).value()->envelope == original);
}

TEST_CASE("tamper 22 over HTTP: skewed device clocks are stored, flagged and receipted in server time") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);
    const auto response = upload(server.url(), device.id,
                                 {seal(device, EnvelopeSpec{{}, 1, "a", kNow + 30LL * 24 * 3600, {}}),
                                  seal(device, EnvelopeSpec{{}, 1, "b", 0, {}})});
    for (const auto& r : response.results) {
        REQUIRE(r.result == UploadResult::stored);
        CHECK(r.receipt->server_time == kNow);
    }
    CHECK(server.store().find(response.results[0].record_id, 1).value()->clock_flag == "future");
    CHECK(server.store().find(response.results[1].record_id, 1).value()->clock_flag == "past");
}

TEST_CASE("after a new restore epoch a duplicate is re-signed with it and keeps its seq and time") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);
    const auto envelope = seal(device);
    const auto first = upload(server.url(), device.id, {envelope});
    const std::string epoch = server.store().new_restore_epoch().value();
    const auto again = upload(server.url(), device.id, {envelope});
    CHECK(again.restore_epoch == epoch);
    const auto& receipt = *again.results[0].receipt;
    CHECK(receipt.restore_epoch == epoch);
    CHECK(receipt.server_seq == first.results[0].receipt->server_seq);
    CHECK(protocol::receipt_signature_valid(receipt, server.key().public_key));
    CHECK(receipt.signature != first.results[0].receipt->signature);
}

TEST_CASE("a body over 16 MiB is refused with 413 and the server still answers") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Answer over = post(server.url(), protocol::kUploadPath, std::string(protocol::kMaxBodyBytes + 1, 'x'));
    CHECK(over.status == 413);
    CHECK(reason_of(over) == "body.too_large");
    CHECK(over.json()["result"] == "rejected");
    const Answer health = get(server.url(), protocol::kHealthPath);
    CHECK(health.status == 200);
    CHECK(health.json()["status"] == "ok");
}

TEST_CASE("malformed JSON, a wrong content type and an oversized envelope are refused and the server stays up") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);

    for (const std::string& body : std::vector<std::string>{
             "{", "[]", "null", R"({"protocol":2,"device_id":"kiosk-1","envelopes":[]})",
             R"({"protocol":1,"device_id":"kiosk-1","envelopes":["AQID"]})",
             R"({"protocol":2,"device_id":"kiosk-1","envelopes":["%%%"]})"}) {
        const Answer answer = post(server.url(), protocol::kUploadPath, body);
        CHECK_MESSAGE(answer.status == 400, body);
        CHECK_MESSAGE(reason_of(answer) == "request.malformed", body);
    }
    protocol::UploadRequest good;
    good.device_id = device.id;
    good.envelopes = {seal(device)};
    const Answer wrong_type = post(server.url(), protocol::kUploadPath, protocol::to_json(good), "text/plain");
    CHECK(wrong_type.status == 400);
    CHECK(reason_of(wrong_type) == "request.content_type");
    CHECK(stored_count(server.store()) == 0);

    // An envelope over 4 MiB is refused on its own; its neighbour is stored.
    const std::string big = vault::to_base64(vault::Bytes(protocol::kMaxEnvelopeBytes + 1, 1));
    const std::string body = R"({"protocol":2,"device_id":"kiosk-1","envelopes":[")" + big + R"(",")" +
                             vault::to_base64(good.envelopes[0]) + R"("]})";
    const Answer mixed = post(server.url(), protocol::kUploadPath, body, "application/json; charset=utf-8");
    REQUIRE(mixed.status == 200);
    auto parsed = protocol::parse_upload_response(mixed.body);
    REQUIRE(parsed.ok());
    CHECK(parsed->results[0].reason == "envelope.too_large");
    CHECK(parsed->results[1].result == UploadResult::stored);

    const auto metrics = get(server.url(), protocol::kMetricsPath).json();
    CHECK(metrics["requests_rejected"]["request.malformed"] == 6);
    CHECK(metrics["requests_rejected"]["request.content_type"] == 1);
    CHECK(metrics["rejected_by_reason"]["envelope.too_large"] == 1);
    CHECK(metrics["results"]["stored"] == 1);
    CHECK(metrics["batches"] == 1);
    CHECK(metrics["upload_latency_ms"]["count"] == 1);
}

namespace {
// A store that cannot be reached at all (database down): every call fails.
class UnreachableStore final : public EnvelopeStore {
public:
    static Error down() { return make_error("sync.storage", "database down"); }
    Result<PutResult> put(const IncomingEnvelope&, const ReceiptSigner&) override { return down(); }
    Result<std::vector<StoredEnvelope>> list(std::int64_t, std::size_t) override { return down(); }
    Result<std::optional<StoredEnvelope>> find(const std::string&, std::uint32_t) override { return down(); }
    Result<std::int64_t> count() override { return down(); }
    Result<std::int64_t> count_conflicts() override { return down(); }
    Result<std::optional<DeviceRecord>> device(const std::string&) override { return down(); }
    Result<void> add_enrolment_code(const EnrolmentCode&) override { return down(); }
    Result<RedeemOutcome> redeem_enrolment_code(const vault::Bytes&, const DeviceRecord&, std::int64_t) override {
        return down();
    }
    Result<void> revoke_device(const std::string&, std::int64_t) override { return down(); }
    Result<std::string> restore_epoch() override { return down(); }
    Result<std::string> new_restore_epoch() override { return down(); }
};
} // namespace

TEST_CASE("an unreachable store answers 503: health error, upload and enrolment server.storage") {
    UnreachableStore store;
    const ReceiptKey key = make_receipt_key();
    SyncServer server(store, key, [](std::string_view) {});
    REQUIRE(server.bind("127.0.0.1", 0));
    std::thread thread([&server] { server.run(); });
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port());

    const Answer health = get(url, protocol::kHealthPath);
    CHECK(health.status == 503);
    CHECK(health.json() == nlohmann::json{{"status", "error"}});
    const Device device = make_device("kiosk-1");
    protocol::UploadRequest request;
    request.device_id = device.id;
    request.envelopes = {seal(device)};
    const Answer upload = post(url, protocol::kUploadPath, protocol::to_json(request));
    CHECK(upload.status == 503);
    CHECK(upload.json() == nlohmann::json{{"result", "error"}, {"reason", "server.storage"}});
    const Answer enrol = post_enrol(url, enrol_request(device, "0000-0000-0000-0000"));
    CHECK(enrol.status == 503);
    CHECK(reason_of(enrol) == "server.storage");

    server.stop();
    thread.join();
}

TEST_CASE("the v1 endpoint is gone") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    CHECK(post(server.url(), "/v1/envelopes", "x", "application/octet-stream").status == 404);
    CHECK(get(server.url(), "/v1/health").status == 404);
}

TEST_CASE("health reports the number of stored records and the restore epoch") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);
    auto health = get(server.url(), protocol::kHealthPath).json();
    CHECK(health == nlohmann::json{{"status", "ok"}, {"records", 0},
                                   {"restore_epoch", server.store().restore_epoch().value()}});
    upload(server.url(), device.id, {seal(device), seal(device)});
    CHECK(get(server.url(), protocol::kHealthPath).json()["records"] == 2);
}

TEST_CASE("the server log names records and devices but never their answers") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);
    const std::string id = new_record_id();
    upload(server.url(), device.id, {seal(device, id, 1, "SECRET-ANSWER-TEXT")});
    bool named = false;
    for (const auto& line : server.log()) {
        CHECK(line.find("SECRET-ANSWER-TEXT") == std::string::npos);
        named = named || (line.find(id) != std::string::npos && line.find("result=stored") != std::string::npos);
    }
    CHECK(named);
}

TEST_CASE("stored envelopes and receipts survive a server restart on the same store") {
    TempDir dir;
    const Device device = make_device("kiosk-1");
    const auto envelope = seal(device);
    std::string first_receipt;
    std::unique_ptr<RunningServer> server = std::make_unique<RunningServer>(dir / "server.db");
    enrol(server->store(), device);
    first_receipt = protocol::to_json(*upload(server->url(), device.id, {envelope}).results[0].receipt);
    server.reset();
    RunningServer again(dir / "server.db");
    CHECK(stored_count(again.store()) == 1);
    const auto replay = upload(again.url(), device.id, {envelope}).results[0];
    CHECK(replay.result == UploadResult::duplicate);
    // A new receipt key in this fixture: the signature differs, the seq and time do not.
    CHECK(replay.receipt->server_seq == protocol::parse_receipt(first_receipt).value().server_seq);
}

TEST_CASE("a server stopped before it runs returns from run at once and stops listening") {
    TempDir dir;
    auto store = open_store(dir / "server.db");
    const ReceiptKey key = make_receipt_key();
    SyncServer server(*store, key, [](std::string_view) {});
    REQUIRE(server.bind("127.0.0.1", 0));
    server.stop();
    server.stop(); // twice is harmless
    server.run();  // would block forever if the early stop were lost
    REQUIRE(server.port() > 0);
    httplib::Client client("http://127.0.0.1:" + std::to_string(server.port()));
    client.set_read_timeout(1, 0);
    auto response = client.Get(protocol::kHealthPath);
    REQUIRE_FALSE(static_cast<bool>(response));
    CHECK(response.error() == httplib::Error::Connection);
}

TEST_CASE("binding a port that is already taken fails") {
    TempDir dir;
    RunningServer first(dir / "first.db");
    auto store = open_store(dir / "second.db");
    const ReceiptKey key = make_receipt_key();
    SyncServer second(*store, key, [](std::string_view) {});
    CHECK_FALSE(second.bind("127.0.0.1", first.port()));
}

TEST_CASE("a TLS server with a certificate made by openssl serves enrolment and upload over HTTPS") {
    TempDir dir;
    const auto cert = dir / "cert.pem";
    const auto key = dir / "key.pem";
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                                "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
                                key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, "the openssl CLI could not make a test certificate");

    SyncServerOptions options;
    options.tls_cert_file = cert.string();
    options.tls_key_file = key.string();
    RunningServer server(dir / "server.db", options);
    const Device device = make_device("tablet-tls");
    const std::string code = issue_code(server.store(), device.id);

    httplib::SSLClient client("127.0.0.1", server.port());
    client.set_ca_cert_path(cert.string().c_str());
    client.enable_server_certificate_verification(true);
    client.set_read_timeout(30, 0);
    auto enrolled = client.Post(protocol::kEnrolPath, protocol::to_json(enrol_request(device, code)), "application/json");
    REQUIRE_MESSAGE(static_cast<bool>(enrolled), "no HTTPS answer: " << httplib::to_string(enrolled.error()));
    CHECK(enrolled->status == 200);

    protocol::UploadRequest request;
    request.device_id = device.id;
    request.envelopes = {seal(device)};
    auto uploaded = client.Post(protocol::kUploadPath, protocol::to_json(request), "application/json");
    REQUIRE(static_cast<bool>(uploaded));
    REQUIRE(uploaded->status == 200);
    auto parsed = protocol::parse_upload_response(uploaded->body);
    REQUIRE(parsed.ok());
    CHECK(parsed->results[0].result == UploadResult::stored);

    // Plain HTTP to the TLS port gets no answer, and a client trusting another certificate refuses.
    httplib::Client plain("http://127.0.0.1:" + std::to_string(server.port()));
    plain.set_read_timeout(2, 0);
    auto cleartext = plain.Get(protocol::kHealthPath);
    CHECK_FALSE((cleartext && cleartext->status == 200));
    const auto other_cert = dir / "other.pem";
    const std::string other = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                              "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
                              (dir / "other.key").string() + "' -out '" + other_cert.string() + "' >/dev/null 2>&1";
    REQUIRE(std::system(other.c_str()) == 0);
    httplib::SSLClient wary("127.0.0.1", server.port());
    wary.set_ca_cert_path(other_cert.string().c_str());
    wary.enable_server_certificate_verification(true);
    CHECK_FALSE(static_cast<bool>(wary.Get(protocol::kHealthPath)));
}

TEST_CASE("a TLS server whose certificate cannot be read is not valid and does not bind") {
    TempDir dir;
    auto store = open_store(dir / "server.db");
    const ReceiptKey key = make_receipt_key();
    SyncServerOptions options;
    options.tls_cert_file = (dir / "missing.pem").string();
    options.tls_key_file = (dir / "missing.key").string();
    SyncServer server(*store, key, [](std::string_view) {}, options);
    CHECK_FALSE(server.valid());
    CHECK_FALSE(server.bind("127.0.0.1", 0));
}
