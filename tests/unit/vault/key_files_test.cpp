// Council key files: written atomically with the right modes, read back to the same keys, and a
// secret key file that others could read is refused.
#include "test_dir.h"
#include "vault/key_files.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sys/stat.h>

using namespace selfdirect::vault;
using selfdirect::vault::testing::TestDir;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

CouncilKeyPair written_pair(const std::filesystem::path& dir, const std::string& id = "council-2026") {
    auto pair = generate_council_keypair(id);
    REQUIRE(pair.ok());
    auto wrote = write_council_keypair(dir, pair.value());
    REQUIRE_MESSAGE(wrote.ok(), (wrote.ok() ? "" : wrote.error().message));
    return std::move(pair).value();
}

} // namespace

TEST_CASE("a written council key pair reads back identically, with council.sk 0600 and council.pk 0644") {
    TestDir dir;
    const auto keys = dir / "keys";
    const auto pair = written_pair(keys);
    CHECK(mode_of(keys) == 0700);
    CHECK(mode_of(keys / "council.sk") == 0600);
    CHECK(mode_of(keys / "council.pk") == 0644);
    CHECK(read_text(keys / "council.pk") == "council-2026 " + to_base64(pair.public_key) + "\n");

    auto from_dir = read_council_keypair(keys);
    REQUIRE_MESSAGE(from_dir.ok(), (from_dir.ok() ? "" : from_dir.error().message));
    CHECK(from_dir->key_id == "council-2026");
    CHECK(from_dir->public_key == pair.public_key);
    CHECK(from_dir->secret_key.view() == pair.secret_key.view());

    auto from_file = read_council_keypair(keys / "council.sk");
    REQUIRE(from_file.ok());
    CHECK(from_file->public_key == pair.public_key);

    auto pk = read_council_public_key(keys);
    REQUIRE(pk.ok());
    CHECK(pk->key_id == "council-2026");
    CHECK(pk->public_key == pair.public_key);
    auto pk_file = read_council_public_key(keys / "council.pk");
    REQUIRE(pk_file.ok());
    CHECK(pk_file->public_key == pair.public_key);
}

TEST_CASE("a council secret key file with mode 0644 is refused") {
    TestDir dir;
    written_pair(dir.path());
    REQUIRE(read_council_keypair(dir.path()).ok()); // control: the same file at 0600 is accepted
    REQUIRE(::chmod((dir / "council.sk").c_str(), 0644) == 0);
    auto refused = read_council_keypair(dir.path());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "vault.key_file");
    CHECK(refused.error().message.find("0644") != std::string::npos);
    REQUIRE(::chmod((dir / "council.sk").c_str(), 0640) == 0);
    CHECK_FALSE(read_council_keypair(dir.path()).ok());
}

TEST_CASE("writing a council key pair never overwrites an existing one") {
    TestDir dir;
    const auto first = written_pair(dir.path());
    auto second = generate_council_keypair("council-2026");
    REQUIRE(second.ok());
    auto wrote = write_council_keypair(dir.path(), second.value());
    REQUIRE_FALSE(wrote.ok());
    CHECK(wrote.error().code == "vault.key_file_exists");
    auto still = read_council_keypair(dir.path());
    REQUIRE(still.ok());
    CHECK(still->public_key == first.public_key);
}

TEST_CASE("a council.pk that does not match council.sk is detected") {
    TestDir dir;
    written_pair(dir.path());
    TestDir other;
    const auto stranger = written_pair(other.path());
    std::filesystem::copy_file(other / "council.pk", dir / "council.pk", std::filesystem::copy_options::overwrite_existing);
    auto mixed = read_council_keypair(dir.path());
    REQUIRE_FALSE(mixed.ok());
    CHECK(mixed.error().code == "vault.key_file");
}

TEST_CASE("a council public key from a config file must be a valid id and 32 base64 bytes") {
    auto pair = generate_council_keypair("c1");
    REQUIRE(pair.ok());
    auto good = parse_council_public_key("c1", to_base64(pair->public_key));
    REQUIRE(good.ok());
    CHECK(good->public_key == pair->public_key);
    CHECK(parse_council_public_key("c1", "not base64!").error().code == "vault.bad_key");
    CHECK(parse_council_public_key("c1", to_base64(Bytes(31, 7))).error().code == "vault.bad_key");
    CHECK(parse_council_public_key("bad id", to_base64(pair->public_key)).error().code == "vault.bad_key");
}

TEST_CASE("malformed or missing council key files are reported as vault.key_file") {
    TestDir dir;
    CHECK(read_council_public_key(dir.path()).error().code == "vault.key_file");
    CHECK(read_council_keypair(dir.path()).error().code == "vault.key_file");
    {
        std::ofstream(dir / "council.pk") << "c1\n";
    }
    CHECK(read_council_public_key(dir.path()).error().code == "vault.key_file");
    {
        std::ofstream(dir / "council.pk") << "c1 " << to_base64(Bytes(32, 9)) << "\nc2 " << to_base64(Bytes(32, 9)) << "\n";
    }
    CHECK(read_council_public_key(dir.path()).error().code == "vault.key_file");
}
