// The receipt key files (sync/server/receipt_key.h): written once and never over an existing key,
// the secret file private, and a file that is not a receipt key, or whose halves do not belong
// together, refused rather than used to sign receipts no device could verify.
#include "server_test_support.h"

#include <algorithm>
#include <fstream>
#include <sys/stat.h>

using namespace selfdirect;
using namespace selfdirect::sync;
using namespace selfdirect::sync::server_testing;

TEST_CASE("a receipt key pair is written once, private, and reads back as a working key") {
    TempDir dir;
    auto written = write_receipt_keypair(dir / "keys");
    REQUIRE(written.ok());
    struct stat st {};
    REQUIRE(::stat((dir / "keys" / "receipt.sk").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    auto key = read_receipt_key(dir / "keys"); // the directory works as well as the file
    REQUIRE(key.ok());
    CHECK(key->public_key == written.value());
    auto pin = read_receipt_public_key(dir / "keys" / "receipt.pk");
    REQUIRE(pin.ok());
    CHECK(pin.value() == written.value());

    protocol::Receipt receipt;
    receipt.record_id = new_record_id();
    receipt.revision = 1;
    receipt.signature = protocol::sign_receipt(receipt, key->secret_key).value();
    CHECK(protocol::receipt_signature_valid(receipt, pin.value()));

    auto again = write_receipt_keypair(dir / "keys");
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == "sync.key_exists");
    CHECK(read_receipt_public_key(dir / "keys").value() == written.value()); // untouched
}

TEST_CASE("a receipt secret key readable by others, of the wrong kind, or with mismatched halves is refused") {
    TempDir dir;
    REQUIRE(write_receipt_keypair(dir / "keys").ok());
    const auto sk = dir / "keys" / "receipt.sk";

    ::chmod(sk.c_str(), 0644);
    CHECK(read_receipt_key(sk).error().code == "sync.key_file");
    ::chmod(sk.c_str(), 0600);
    CHECK(read_receipt_key(sk).ok());

    auto write_private = [&](const std::string& text) {
        const auto path = dir / "odd.sk";
        std::filesystem::remove(path);
        std::ofstream(path) << text;
        ::chmod(path.c_str(), 0600);
        return path;
    };
    CHECK(read_receipt_key(write_private("x25519-sk " + vault::to_base64(vault::Bytes(64, 1)) + "\n")).error().code ==
          "sync.key_file");
    CHECK(read_receipt_key(write_private("ed25519-sk " + vault::to_base64(vault::Bytes(32, 1)) + "\n")).error().code ==
          "sync.key_file");
    // A seed with someone else's public half would sign receipts that never verify.
    const auto a = vault::generate_sign_keypair();
    const auto b = vault::generate_sign_keypair();
    // Sized once and copied into (GCC 12 at -O3 misreads growing a 32-byte vector by insert as a
    // read past its end).
    vault::Bytes mixed(64);
    std::copy_n(a.secret_key.data(), 32, mixed.begin());
    std::copy_n(b.public_key.begin(), 32, mixed.begin() + 32);
    CHECK(read_receipt_key(write_private("ed25519-sk " + vault::to_base64(mixed) + "\n")).error().code ==
          "sync.key_file");
    CHECK(read_receipt_key(dir / "missing.sk").error().code == "sync.key_file");

    std::ofstream(dir / "bad.pk") << "ed25519-pk notbase64\n";
    CHECK(read_receipt_public_key(dir / "bad.pk").error().code == "sync.key_file");
    std::ofstream(dir / "extra.pk") << "ed25519-pk " << vault::to_base64(a.public_key) << " trailing\n";
    CHECK(read_receipt_public_key(dir / "extra.pk").error().code == "sync.key_file");
}
