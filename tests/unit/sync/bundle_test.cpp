// Removable media: the device's export writes a signed bundle that reads back whole and changes no
// outbox state; the reader refuses hostile bundles before any signature work (tamper case 20: "..",
// absolute paths, symlinks, non-regular files, too many files) and refuses mismatches after it
// (tamper case 21: changed, missing or extra files, wrong sizes, a manifest not signed by the key
// trusted for its device).
#include "sync/bundle/bundle_manifest.h"
#include "sync/bundle/bundle_reader.h"
#include "sync/bundle/bundle_writer.h"
#include "vault/device_vault.h"
#include "vault/envelope.h"
#include "vault/signature.h"
#include "../vault/test_dir.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace selfdirect;
using namespace selfdirect::sync::bundle;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1795000000; // 2026-11-18T11:06:40Z

using Dir = selfdirect::vault::testing::TestDir; // a fresh temp dir per test

struct Device {
    Dir dir;
    std::unique_ptr<vault::DeviceVault> vault;
    std::vector<vault::OutboxEntry> rows;

    explicit Device(int records = 3) {
        auto opened = vault::DeviceVault::open(dir / "data", "tablet-7");
        REQUIRE(opened.ok());
        vault = std::move(opened).value();
        auto council = vault::generate_council_keypair("council-1");
        REQUIRE(council.ok());
        for (int i = 0; i < records; ++i) {
            auto s = vault->begin_session();
            REQUIRE(s.ok());
            auto entry = vault->submit(*s, vault::SecureBytes::from_string("{\"n\":" + std::to_string(i) + "}"), "SKEL-1",
                                       "1", vault::CouncilPublicKey{council->key_id, council->public_key});
            REQUIRE(entry.ok());
            rows.push_back(*entry);
        }
        fs::create_directories(dir / "stick");
    }

    fs::path exported() {
        auto done = export_bundle(*vault, dir / "stick", kNow);
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().code + ": " + done.error().message));
        return done->dir;
    }

    SignerLookup trust() const {
        const auto key = vault->identity().sign_public_key;
        return [key](const std::string& id) -> std::optional<vault::Bytes> {
            if (id != "tablet-7") return std::nullopt;
            return key;
        };
    }

    // Rewrites the manifest text and signs it again with the device key (an insider with the device).
    void resign(const fs::path& bundle, const std::string& text) {
        write(bundle / "manifest.json", text);
        auto sig = vault->sign_sync_text(text);
        REQUIRE(sig.ok());
        write(bundle / "manifest.sig", std::string(sig->begin(), sig->end()));
    }

    static void write(const fs::path& path, const std::string& bytes) {
        fs::remove(path);
        std::ofstream out(path, std::ios::binary);
        out << bytes;
    }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string refusal(const fs::path& bundle, const SignerLookup& trust) {
    auto read = read_bundle(bundle, trust);
    if (read.ok()) return "accepted";
    return read.error().code;
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("an export writes a signed bundle that reads back whole, and the rows stay queued") {
    Device device;
    const auto bundle = device.exported();
    CHECK(bundle.filename() == "selfdirect-bundle-tablet-7-20261118T110640Z");
    CHECK(fs::is_regular_file(bundle / "manifest.json"));
    CHECK(fs::file_size(bundle / "manifest.sig") == 64);
    CHECK(fs::is_regular_file(bundle / "envelopes/000003.sdev"));
    CHECK_FALSE(fs::exists(device.dir / "stick" / ".selfdirect-bundle-tablet-7-20261118T110640Z.partial"));

    auto read = read_bundle(bundle, device.trust());
    REQUIRE_MESSAGE(read.ok(), (read.ok() ? "" : read.error().message));
    CHECK(read->manifest.device_id == "tablet-7");
    REQUIRE(read->envelopes.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(read->envelopes[i].envelope == device.rows[i].envelope);
        CHECK(read->envelopes[i].entry.record_id == device.rows[i].record_id);
        CHECK(read->envelopes[i].entry.envelope_hash == device.rows[i].envelope_hash);
    }
    // Not a receipt: nothing acknowledged, everything still pending; only the export time is noted.
    auto pending = device.vault->pending_outbox();
    REQUIRE(pending.ok());
    CHECK(pending->size() == 3);
    auto status = device.vault->sync_status();
    REQUIRE(status.ok());
    CHECK(status->acked == 0);
    CHECK(status->last_exported_unix == kNow);
    // The same second again is refused rather than overwritten.
    CHECK(export_bundle(*device.vault, device.dir / "stick", kNow).error().code == "bundle.exists");
}

TEST_CASE("an empty outbox exports nothing") {
    Device device(0);
    CHECK(export_bundle(*device.vault, device.dir / "stick", kNow).error().code == "bundle.empty");
}

TEST_CASE("the manifest text starts with the prefix the device key agrees to sign, and round-trips") {
    Manifest m;
    m.device_id = "tablet-7";
    m.sign_public_key = vault::Bytes(32, 9);
    m.created_unix = kNow;
    m.entries.push_back({entry_file_name(0), "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", 1, std::string(64, 'a'), 10});
    const std::string text = manifest_json(m);
    CHECK(text.rfind(R"({"format":"selfdirect-bundle",)", 0) == 0);
    auto parsed = parse_manifest(text);
    REQUIRE(parsed.ok());
    CHECK(manifest_json(*parsed) == text);
    CHECK(is_entry_file_name("envelopes/000001.sdev"));
    for (const char* bad : {"envelopes/../x.sdev", "/etc/passwd", "envelopes/00001.sdev", "envelopes/000000.sdev",
                            "envelopes/00000a.sdev", "envelopes/000001.sdev/", "./envelopes/000001.sdev", "../000001.sdev"})
        CHECK_FALSE(is_entry_file_name(bad));
}

TEST_CASE("tamper case 20: '..' and absolute paths in the manifest are refused even when signed") {
    for (const char* evil : {"envelopes/../../../etc/passwd", "/etc/passwd", "envelopes/../manifest.json"}) {
        CAPTURE(evil);
        Device device;
        const auto bundle = device.exported();
        std::string text = slurp(bundle / "manifest.json");
        replace_once(text, "envelopes/000001.sdev", evil);
        device.resign(bundle, text);
        CHECK(refusal(bundle, device.trust()) == "bundle.bad_manifest");
    }
}

TEST_CASE("tamper case 20: symlinks anywhere in the bundle are refused") {
    Device device;
    const auto bundle = device.exported();
    SUBCASE("an envelope that is a symlink") {
        fs::remove(bundle / "envelopes/000002.sdev");
        fs::create_symlink("/etc/passwd", bundle / "envelopes/000002.sdev");
        CHECK(refusal(bundle, device.trust()) == "bundle.unsafe");
    }
    SUBCASE("a manifest that is a symlink") {
        fs::rename(bundle / "manifest.json", device.dir / "elsewhere.json");
        fs::create_symlink(device.dir / "elsewhere.json", bundle / "manifest.json");
        CHECK(refusal(bundle, device.trust()) == "bundle.unsafe");
    }
    SUBCASE("an envelopes directory that is a symlink") {
        fs::rename(bundle / "envelopes", device.dir / "real-envelopes");
        fs::create_directory_symlink(device.dir / "real-envelopes", bundle / "envelopes");
        CHECK(refusal(bundle, device.trust()) == "bundle.unsafe");
    }
    SUBCASE("a bundle directory that is a symlink") {
        fs::create_directory_symlink(bundle, device.dir / "link-to-bundle");
        CHECK(refusal(device.dir / "link-to-bundle", device.trust()) == "bundle.unsafe");
    }
}

TEST_CASE("tamper case 20: FIFOs, subdirectories, odd names and too many files are refused") {
    Device device;
    const auto bundle = device.exported();
    SUBCASE("a FIFO in place of an envelope") {
        fs::remove(bundle / "envelopes/000001.sdev");
        REQUIRE(::mkfifo((bundle / "envelopes/000001.sdev").c_str(), 0600) == 0);
        CHECK(refusal(bundle, device.trust()) == "bundle.unsafe");
    }
    SUBCASE("a directory in envelopes/") {
        fs::create_directory(bundle / "envelopes/000004.sdev");
        CHECK(refusal(bundle, device.trust()) == "bundle.unsafe");
    }
    SUBCASE("a file with another name in envelopes/") {
        Device::write(bundle / "envelopes/..hidden", "x");
        CHECK(refusal(bundle, device.trust()) == "bundle.unsafe");
    }
    SUBCASE("more than 10 000 files") {
        for (int i = 4; i <= 10001; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "%06d.sdev", i);
            std::ofstream(bundle / "envelopes" / name) << "x";
        }
        CHECK(refusal(bundle, device.trust()) == "bundle.too_large");
    }
    SUBCASE("a manifest over 1 MiB") {
        Device::write(bundle / "manifest.json", std::string(1024 * 1024 + 1, ' '));
        CHECK(refusal(bundle, device.trust()) == "bundle.too_large");
    }
    SUBCASE("an envelope over 4 MiB") {
        Device::write(bundle / "envelopes/000001.sdev", std::string(4 * 1024 * 1024 + 1, 'x'));
        CHECK(refusal(bundle, device.trust()) == "bundle.too_large");
    }
    SUBCASE("a stray file beside the manifest") {
        Device::write(bundle / "autorun.inf", "x");
        CHECK(refusal(bundle, device.trust()) == "bundle.extra_file");
    }
}

TEST_CASE("tamper case 21: changed, missing, extra or resized files are refused") {
    Device device;
    const auto bundle = device.exported();
    SUBCASE("an envelope changed at the same size") {
        std::string bytes = slurp(bundle / "envelopes/000002.sdev");
        bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 1);
        Device::write(bundle / "envelopes/000002.sdev", bytes);
        CHECK(refusal(bundle, device.trust()) == "bundle.hash_mismatch");
    }
    SUBCASE("an envelope missing") {
        fs::remove(bundle / "envelopes/000003.sdev");
        CHECK(refusal(bundle, device.trust()) == "bundle.missing_file");
    }
    SUBCASE("an envelope the manifest does not name") {
        fs::copy_file(bundle / "envelopes/000001.sdev", bundle / "envelopes/000004.sdev");
        CHECK(refusal(bundle, device.trust()) == "bundle.extra_file");
    }
    SUBCASE("an envelope of another size") {
        Device::write(bundle / "envelopes/000001.sdev", slurp(bundle / "envelopes/000001.sdev") + "x");
        CHECK(refusal(bundle, device.trust()) == "bundle.size_mismatch");
    }
    SUBCASE("a manifest edited without signing it again") {
        std::string text = slurp(bundle / "manifest.json");
        replace_once(text, "\"revision\":1", "\"revision\":2");
        Device::write(bundle / "manifest.json", text);
        CHECK(refusal(bundle, device.trust()) == "bundle.bad_signature");
    }
    SUBCASE("a manifest edited to another hash and signed again by the device: the file does not match") {
        std::string text = slurp(bundle / "manifest.json");
        replace_once(text, device.rows[0].envelope_hash, std::string(64, '0'));
        device.resign(bundle, text);
        CHECK(refusal(bundle, device.trust()) == "bundle.hash_mismatch");
    }
    SUBCASE("no signature") {
        fs::remove(bundle / "manifest.sig");
        CHECK(refusal(bundle, device.trust()) == "bundle.missing_file");
    }
    SUBCASE("a manifest signed by a key that is not the device's enrolled key") {
        const auto other = vault::generate_sign_keypair();
        std::string text = slurp(bundle / "manifest.json");
        replace_once(text, vault::to_base64(device.vault->identity().sign_public_key), vault::to_base64(other.public_key));
        auto sig = vault::sign_detached(text, other.secret_key);
        REQUIRE(sig.ok());
        Device::write(bundle / "manifest.json", text);
        Device::write(bundle / "manifest.sig", std::string(sig->begin(), sig->end()));
        CHECK(refusal(bundle, device.trust()) == "bundle.unknown_device");
        CHECK(refusal(bundle, [](const std::string&) { return std::nullopt; }) == "bundle.unknown_device");
    }
}
