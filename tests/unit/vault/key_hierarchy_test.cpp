// The key hierarchy: Argon2id calibration respects its floor, kiosk resume codes (typos not counted,
// five wrong codes or expiry destroy the draft, the right code restores every answer, the code never
// reaches the disk), and tablet worker keys (weak passphrases refused, lockout persisted).
#include "test_dir.h"
#include "vault_test_support.h"
#include "vault/database.h"
#include "vault/device_vault.h"
#include "vault/kdf_params.h"
#include "vault/passphrase.h"
#include "vault/resume_code.h"

#include <doctest/doctest.h>

#include <fstream>
#include <string_view>

using namespace selfdirect::vault;
using namespace selfdirect::vault::testing;

namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Tests run at the Argon2id floor (19 MiB / 2 passes, ~20 ms) instead of the calibrated 0.5 s.
DeviceVaultOptions fast_options(std::int64_t* clock = nullptr) {
    DeviceVaultOptions o;
    o.kdf_target_seconds = 0;
    if (clock != nullptr) o.clock = [clock] { return *clock; };
    return o;
}

std::string text(const SecureBytes& b) { return std::string(b.view()); }

// The check character, computed independently of the vault (the spec in resume_code.h): weighted
// sum modulo 37 of the 15 data values, weights 1..15.
int check_of(const std::string& data15) {
    int sum = 0;
    for (std::size_t i = 0; i < 15; ++i) sum = (sum + static_cast<int>(i + 1) * static_cast<int>(kAlphabet.find(data15[i]))) % 37;
    return sum;
}

// A well-formed code (valid check character) with the same locator as `right` but other secret
// characters: a wrong guess that reaches the right draft and must be counted.
std::string wrong_code_for(const std::string& right, int variant) {
    std::string data;
    for (char c : right) {
        if (c != '-') data.push_back(c);
    }
    data.resize(15);
    for (int bump = 0;; ++bump) {
        std::string guess = data;
        guess[2 + static_cast<std::size_t>(variant % 13)] =
            kAlphabet[(kAlphabet.find(guess[2 + static_cast<std::size_t>(variant % 13)]) + 1 + static_cast<std::size_t>(bump)) % 32];
        guess[14] = kAlphabet[(kAlphabet.find(guess[14]) + 7 + static_cast<std::size_t>(variant)) % 32];
        const int check = check_of(guess);
        if (check < 32 && guess != data) return guess + kAlphabet[static_cast<std::size_t>(check)];
    }
}

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

struct Draft {
    SecureBytes code;
    std::string session_id;
};

// A kiosk session with three answers, a resume code, and the resident walking away.
Draft leave_with_code(DeviceVault& vault) {
    auto s = begin(vault);
    save(vault, s, "name", "Ada Lovelace");
    save(vault, s, "mobility", "needs help with stairs");
    save(vault, s, "empty", "");
    auto code = vault.issue_resume_code(s);
    REQUIRE_MESSAGE(code.ok(), (code.ok() ? "" : code.error().message));
    REQUIRE(vault.end_session(s).ok());
    return Draft{std::move(code->code), s.session_id};
}

} // namespace

TEST_CASE("Argon2id calibration never goes below 19 MiB and 2 passes") {
    for (double target : {0.0, 0.0001, 0.01}) {
        auto params = detail::calibrate_kdf(target);
        REQUIRE(params.ok());
        CHECK(params->memlimit >= 19u * 1024 * 1024);
        CHECK(params->opslimit >= 2);
    }
    // Even when the memory ceiling offered is below the floor, the floor wins.
    auto capped = detail::calibrate_kdf(0.05, 1024 * 1024);
    REQUIRE(capped.ok());
    CHECK(capped->memlimit >= 19u * 1024 * 1024);
    CHECK(capped->opslimit >= 2);
    // A longer target buys more work, not less.
    auto longer = detail::calibrate_kdf(0.2, 64u * 1024 * 1024);
    REQUIRE(longer.ok());
    CHECK(static_cast<double>(longer->memlimit) * static_cast<double>(longer->opslimit) >
          static_cast<double>(capped->memlimit) * static_cast<double>(capped->opslimit));
    CHECK_FALSE(detail::kdf_params_acceptable({1, 64u * 1024 * 1024}));
    CHECK_FALSE(detail::kdf_params_acceptable({3, 8u * 1024 * 1024}));
}

TEST_CASE("the calibrated Argon2id parameters are stored at first start and kept") {
    TestDir dir;
    {
        auto vault = open_vault(dir.path(), fast_options());
    }
    CHECK(count(dir / "device.db", "SELECT count(*) FROM kdf_params") == 1);
    CHECK(count(dir / "device.db", "SELECT memlimit FROM kdf_params") >= 19 * 1024 * 1024);
    CHECK(count(dir / "device.db", "SELECT opslimit FROM kdf_params") >= 2);
    const auto ops = count(dir / "device.db", "SELECT opslimit FROM kdf_params");
    {
        DeviceVaultOptions slow = fast_options();
        slow.kdf_target_seconds = 0.05; // would calibrate differently; must not recalibrate
        auto vault = open_vault(dir.path(), slow);
    }
    CHECK(count(dir / "device.db", "SELECT count(*) FROM kdf_params") == 1);
    CHECK(count(dir / "device.db", "SELECT opslimit FROM kdf_params") == ops);
}

TEST_CASE("a resume code has 65 secret bits and a check character that catches every single typo and swap") {
    auto code = detail::generate_resume_code();
    const std::string shown = text(code);
    REQUIRE(shown.size() == 19);
    CHECK(shown[4] == '-');
    CHECK(shown[9] == '-');
    CHECK(shown[14] == '-');
    REQUIRE(detail::parse_resume_code(shown).has_value());
    CHECK(detail::parse_resume_code(shown)->secret.size() == 13);
    std::string lower = shown;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(detail::parse_resume_code(lower).has_value());
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (shown[i] == '-') continue;
        for (char c : kAlphabet) {
            if (c == shown[i]) continue;
            std::string typo = shown;
            typo[i] = c;
            CHECK_FALSE(detail::parse_resume_code(typo).has_value());
        }
        const std::size_t next = (i + 1 < shown.size() && shown[i + 1] == '-') ? i + 2 : i + 1;
        if (next < shown.size() && shown[next] != shown[i]) {
            std::string swapped = shown;
            std::swap(swapped[i], swapped[next]);
            CHECK_FALSE(detail::parse_resume_code(swapped).has_value());
        }
    }
    CHECK_FALSE(detail::parse_resume_code(shown.substr(0, 18)).has_value());
    CHECK_FALSE(detail::parse_resume_code(shown + "0").has_value());
    CHECK_FALSE(detail::parse_resume_code("").has_value());
}

TEST_CASE("the right resume code restores every answer, even after the app restarts") {
    TestDir dir;
    Draft draft;
    {
        auto vault = open_vault(dir.path(), fast_options());
        draft = leave_with_code(*vault);
        CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 3);
    }
    auto vault = open_vault(dir.path(), fast_options()); // the purge at open keeps a resumable draft
    auto resumed = vault->resume_session(draft.code);
    REQUIRE_MESSAGE(resumed.ok(), (resumed.ok() ? "" : resumed.error().message));
    CHECK(resumed->session_id == draft.session_id);
    auto answers = vault->load_answers(*resumed);
    REQUIRE(answers.ok());
    REQUIRE(answers->size() == 3);
    CHECK(answers->at("name").view() == "Ada Lovelace");
    CHECK(answers->at("mobility").view() == "needs help with stairs");
    CHECK(answers->at("empty").view().empty());
    // A code works once.
    CHECK(count(dir / "device.db", "SELECT count(*) FROM resume") == 0);
    REQUIRE(vault->end_session(*resumed).ok());
    CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 0);
}

TEST_CASE("a resume code with a wrong check character is refused as a typo and not counted") {
    TestDir dir;
    auto vault = open_vault(dir.path(), fast_options());
    auto draft = leave_with_code(*vault);
    const std::string right = text(draft.code);
    for (int i = 0; i < 8; ++i) {
        std::string typo = right;
        typo[18] = kAlphabet[(kAlphabet.find(typo[18]) + 1 + static_cast<std::size_t>(i)) % 32];
        auto refused = vault->resume_session(SecureBytes::from_string(typo));
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "resume.typo");
    }
    CHECK(count(dir / "device.db", "SELECT attempts FROM resume") == 0);
    auto resumed = vault->resume_session(draft.code);
    CHECK(resumed.ok());
}

TEST_CASE("five wrong resume codes destroy the draft") {
    TestDir dir;
    auto vault = open_vault(dir.path(), fast_options());
    auto draft = leave_with_code(*vault);
    const std::string right = text(draft.code);
    for (int i = 0; i < 4; ++i) {
        auto wrong = vault->resume_session(SecureBytes::from_string(wrong_code_for(right, i)));
        REQUIRE_FALSE(wrong.ok());
        CHECK(wrong.error().code == "resume.wrong_code");
        CHECK(count(dir / "device.db", "SELECT attempts FROM resume") == i + 1);
        CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 3);
    }
    auto fifth = vault->resume_session(SecureBytes::from_string(wrong_code_for(right, 4)));
    REQUIRE_FALSE(fifth.ok());
    CHECK(fifth.error().code == "resume.destroyed");
    CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 0);
    CHECK(count(dir / "device.db", "SELECT count(*) FROM resume") == 0);
    auto too_late = vault->resume_session(draft.code);
    REQUIRE_FALSE(too_late.ok());
    CHECK(too_late.error().code == "resume.wrong_code");
}

TEST_CASE("wrong resume attempts are counted across restarts") {
    TestDir dir;
    Draft draft;
    {
        auto vault = open_vault(dir.path(), fast_options());
        draft = leave_with_code(*vault);
        for (int i = 0; i < 3; ++i) CHECK_FALSE(vault->resume_session(SecureBytes::from_string(wrong_code_for(text(draft.code), i))).ok());
    }
    auto vault = open_vault(dir.path(), fast_options());
    CHECK(vault->resume_session(SecureBytes::from_string(wrong_code_for(text(draft.code), 5))).error().code == "resume.wrong_code");
    CHECK(vault->resume_session(SecureBytes::from_string(wrong_code_for(text(draft.code), 6))).error().code == "resume.destroyed");
    CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 0);
}

TEST_CASE("an expired resume code destroys the draft, and expired drafts are purged at open") {
    std::int64_t now = 1'800'000'000;
    SUBCASE("at the next attempt") {
        TestDir dir;
        auto vault = open_vault(dir.path(), fast_options(&now));
        auto draft = leave_with_code(*vault);
        now += 7 * 24 * 3600 - 1;
        CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 3);
        now += 1; // exactly seven days: expired
        auto late = vault->resume_session(draft.code);
        REQUIRE_FALSE(late.ok());
        CHECK(late.error().code == "resume.expired");
        CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 0);
        CHECK(count(dir / "device.db", "SELECT count(*) FROM resume") == 0);
    }
    SUBCASE("at open, with a configured lifetime") {
        TestDir dir;
        DeviceVaultOptions options = fast_options(&now);
        options.resume_ttl_seconds = 3600;
        {
            auto vault = open_vault(dir.path(), options);
            leave_with_code(*vault);
        }
        now += 3599;
        { auto vault = open_vault(dir.path(), options); }
        CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 3);
        now += 1;
        { auto vault = open_vault(dir.path(), options); }
        CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 0);
        CHECK(count(dir / "device.db", "SELECT count(*) FROM resume") == 0);
    }
}

TEST_CASE("a resume code never appears in any file under the data directory") {
    TestDir dir;
    std::string shown;
    std::string bare;
    {
        auto vault = open_vault(dir.path(), fast_options());
        auto draft = leave_with_code(*vault);
        shown = text(draft.code);
        for (char c : shown) {
            if (c != '-') bare.push_back(c);
        }
        CHECK(files_containing(dir.path(), shown).empty());
        CHECK(files_containing(dir.path(), bare).empty());
        CHECK(files_containing(dir.path(), bare.substr(2, 13)).empty()); // the secret part alone
    }
    CHECK(files_containing(dir.path(), shown).empty());
    CHECK(files_containing(dir.path(), bare).empty());
    CHECK(files_containing(dir.path(), bare.substr(2, 13)).empty());
    // The scan can fail: a file that does hold the code is found.
    std::ofstream(dir / "planted.txt") << "x" << bare << "y";
    CHECK(files_containing(dir.path(), bare).size() == 1);
}

TEST_CASE("submitting a resumable session removes its drafts and its resume code") {
    TestDir dir;
    auto vault = open_vault(dir.path(), fast_options());
    auto s = begin(*vault);
    save(*vault, s, "q1", "yes");
    REQUIRE(vault->issue_resume_code(s).ok());
    auto council = generate_council_keypair("council-2026");
    REQUIRE(council.ok());
    auto entry = vault->submit(s, SecureBytes::from_string(R"({"q1":"yes"})"), "SKEL-1", "1",
                               CouncilPublicKey{council->key_id, council->public_key});
    REQUIRE_MESSAGE(entry.ok(), (entry.ok() ? "" : entry.error().message));
    CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 0);
    CHECK(count(dir / "device.db", "SELECT count(*) FROM resume") == 0);
}

TEST_CASE("a worker passphrase shorter than 10 characters or made only of digits is refused") {
    CHECK(detail::check_passphrase("correct horse").ok());
    CHECK(detail::check_passphrase("ten chars!").ok());
    CHECK(detail::check_passphrase("éééééééééé").ok()); // 10 characters, 20 bytes
    auto short_one = detail::check_passphrase("nine char");
    REQUIRE_FALSE(short_one.ok());
    CHECK(short_one.error().code == "vault.weak_passphrase");
    CHECK(short_one.error().message.find("at least 10 characters") != std::string::npos);
    CHECK_FALSE(detail::check_passphrase("ééééé").ok()); // 10 bytes, 5 characters
    auto pin = detail::check_passphrase("123456789012");
    REQUIRE_FALSE(pin.ok());
    CHECK(pin.error().message.find("PIN") != std::string::npos);

    TestDir dir;
    auto vault = open_vault(dir.path(), fast_options());
    auto refused = vault->enrol_worker("sam", SecureBytes::from_string("123456"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "vault.weak_passphrase");
    CHECK(count(dir / "device.db", "SELECT count(*) FROM workers") == 0);
}

TEST_CASE("an enrolled worker unlocks with their passphrase and their drafts survive locking and restarts") {
    TestDir dir;
    const std::string pass = "plum kettle orbit";
    std::string session_id;
    {
        auto vault = open_vault(dir.path(), fast_options());
        REQUIRE(vault->enrol_worker("sam", SecureBytes::from_string(pass)).ok());
        CHECK(vault->enrol_worker("sam", SecureBytes::from_string(pass)).error().code == "vault.worker_exists");
        auto s = vault->unlock_worker("sam", SecureBytes::from_string(pass));
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
        session_id = s->session_id;
        save(*vault, *s, "visit", "home visit notes");
        REQUIRE(vault->end_session(*s).ok()); // locks: the key is wiped, the drafts stay
        CHECK_FALSE(vault->load_answers(*s).ok());
        CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts") == 1);
    }
    auto vault = open_vault(dir.path(), fast_options());
    CHECK(vault->unlock_worker("alex", SecureBytes::from_string(pass)).error().code == "vault.worker_unknown");
    auto s = vault->unlock_worker("sam", SecureBytes::from_string(pass));
    REQUIRE(s.ok());
    CHECK(s->session_id == session_id);
    auto answers = vault->load_answers(*s);
    REQUIRE(answers.ok());
    REQUIRE(answers->size() == 1);
    CHECK(answers->at("visit").view() == "home visit notes");
    CHECK(files_containing(dir.path(), pass).empty());
}

TEST_CASE("ten wrong passphrases lock a worker, and the lock survives a restart") {
    TestDir dir;
    const std::string pass = "plum kettle orbit";
    {
        auto vault = open_vault(dir.path(), fast_options());
        REQUIRE(vault->enrol_worker("sam", SecureBytes::from_string(pass)).ok());
        // Failures below the limit are forgotten after a success.
        for (int i = 0; i < 9; ++i) CHECK(vault->unlock_worker("sam", SecureBytes::from_string("wrong guess " + std::to_string(i))).error().code == "vault.wrong_passphrase");
        REQUIRE(vault->unlock_worker("sam", SecureBytes::from_string(pass)).ok());
        CHECK(count(dir / "device.db", "SELECT failures FROM workers") == 0);
        for (int i = 0; i < 9; ++i) {
            auto wrong = vault->unlock_worker("sam", SecureBytes::from_string("wrong guess " + std::to_string(i)));
            CHECK(wrong.error().code == "vault.wrong_passphrase");
        }
    }
    {
        auto vault = open_vault(dir.path(), fast_options());
        auto tenth = vault->unlock_worker("sam", SecureBytes::from_string("wrong guess 10"));
        REQUIRE_FALSE(tenth.ok());
        CHECK(tenth.error().code == "vault.worker_locked");
    }
    auto vault = open_vault(dir.path(), fast_options());
    auto right = vault->unlock_worker("sam", SecureBytes::from_string(pass));
    REQUIRE_FALSE(right.ok());
    CHECK(right.error().code == "vault.worker_locked");
}

TEST_CASE("a locked worker is removed with their drafts and can then be enrolled again with a new passphrase") {
    TestDir dir;
    const std::string old_pass = "plum kettle orbit";
    const std::string new_pass = "river lantern moss";
    auto vault = open_vault(dir.path(), fast_options());
    REQUIRE(vault->enrol_worker("sam", SecureBytes::from_string(old_pass)).ok());
    REQUIRE(vault->enrol_worker("alex", SecureBytes::from_string(new_pass)).ok());
    auto sam = vault->unlock_worker("sam", SecureBytes::from_string(old_pass));
    auto alex = vault->unlock_worker("alex", SecureBytes::from_string(new_pass));
    REQUIRE(sam.ok());
    REQUIRE(alex.ok());
    save(*vault, *sam, "visit", "sam's notes");
    save(*vault, *alex, "visit", "alex's notes");
    REQUIRE(vault->end_session(*sam).ok());
    for (int i = 0; i < 10; ++i) (void)vault->unlock_worker("sam", SecureBytes::from_string("wrong guess " + std::to_string(i)));
    REQUIRE(vault->unlock_worker("sam", SecureBytes::from_string(old_pass)).error().code == "vault.worker_locked");

    REQUIRE(vault->remove_worker("sam").ok());
    CHECK(vault->remove_worker("sam").error().code == "vault.worker_unknown");
    CHECK(count(dir / "device.db", "SELECT count(*) FROM workers WHERE name = 'sam'") == 0);
    CHECK(count(dir / "device.db", "SELECT count(*) FROM drafts WHERE session_id = '" + sam->session_id + "'") == 0);

    REQUIRE(vault->enrol_worker("sam", SecureBytes::from_string(new_pass)).ok());
    auto again = vault->unlock_worker("sam", SecureBytes::from_string(new_pass));
    REQUIRE(again.ok());
    CHECK(again->session_id != sam->session_id); // a fresh key: nothing of the old drafts comes back
    auto fresh = vault->load_answers(*again);
    REQUIRE(fresh.ok());
    CHECK(fresh->empty());

    // Another worker's drafts, still unlocked, are untouched.
    auto others = vault->load_answers(*alex);
    REQUIRE(others.ok());
    CHECK(others->at("visit").view() == "alex's notes");
}
