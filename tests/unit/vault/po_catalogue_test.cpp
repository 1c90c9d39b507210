// Reading .po catalogues: the real Easy Read catalogue loads, and a broken, fuzzy, missing or
// mis-encoded file is reported with file and line instead of stopping the kiosk (libgettextpo's
// default handlers would exit the process).
#include "vault/po_catalogue.h"

#include "test_dir.h"

#include <doctest/doctest.h>

#include <fstream>
#include <string>

using namespace selfdirect::vault;
using selfdirect::vault::testing::TestDir;

namespace {

const std::filesystem::path kI18n = std::filesystem::path(SELFDIRECT_SOURCE_DIR) / "assets" / "i18n";

const std::string kHeader = R"(msgid ""
msgstr ""
"Project-Id-Version: selfdirect\n"
"Language: en\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
)";

std::filesystem::path write(const TestDir& dir, const std::string& name, const std::string& text) {
    auto path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

} // namespace

TEST_CASE("the real Easy Read catalogue loads and gives Easy Read for the screens' English") {
    auto c = load_po_catalogue(kI18n / "en-x-easyread.po", "en-x-easyread");
    REQUIRE_MESSAGE(c.ok(), c.error().message);
    CHECK(c->language() == "en-x-easyread");
    CHECK(c->size() >= 20);
    CHECK(c->tr("If you are in danger now, call 999.") == "If you are in danger now, phone 999.");
    CHECK(c->tr("{amount} a week") == "{amount} a week");
    CHECK(c->tr("A string the catalogue does not have") == "A string the catalogue does not have");
}

TEST_CASE("the languages are the po files in the directory and english needs no file") {
    auto tags = list_languages(kI18n);
    REQUIRE(tags.ok());
    CHECK(*tags == std::vector<std::string>{"en-x-easyread"});

    TestDir dir;
    write(dir, "pl.po", kHeader);
    write(dir, "en-x-easyread.po", kHeader);
    write(dir, "selfdirect.pot", kHeader);
    write(dir, "notes.txt", "");
    std::filesystem::create_directory(dir / "ro.po");
    auto listed = list_languages(dir.path());
    REQUIRE(listed.ok());
    CHECK(*listed == std::vector<std::string>{"en-x-easyread", "pl"});

    auto missing = list_languages(dir / "nowhere");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "i18n.unreadable");
}

TEST_CASE("fuzzy obsolete and empty entries and the header are skipped and translations are NFC") {
    TestDir dir;
    auto path = write(dir, "x.po", kHeader + R"(
msgid "Next"
msgstr "Néxt"

#, fuzzy
msgid "Back"
msgstr "A guess nobody checked"

msgid "Change"
msgstr ""

msgctxt "heading"
msgid "Change"
msgstr "Change an answer"

msgid "Cafe"
msgstr "Cafe\xCC\x81"

#~ msgid "Old"
#~ msgstr "Gone"
)");
    auto c = load_po_catalogue(path, "x");
    REQUIRE_MESSAGE(c.ok(), c.error().message);
    CHECK(c->tr("Next") == "Néxt");
    CHECK(c->tr("Back") == "Back");
    CHECK(c->tr("Change") == "Change");
    CHECK(c->trc("heading", "Change") == "Change an answer");
    CHECK(c->tr("Cafe") == "Caf\xC3\xA9");
    CHECK(c->tr("Old") == "Old");
    CHECK(c->tr("") == "");
    CHECK(c->size() == 3);
}

TEST_CASE("a syntax error gives i18n.bad_po with the file and line and does not exit") {
    TestDir dir;
    auto path = write(dir, "broken.po", kHeader + R"(
msgid "Next"
msgstr "Next"

msgid "Back"
msgstrr "Back"
)");
    auto c = load_po_catalogue(path, "broken");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "i18n.bad_po");
    CHECK_MESSAGE(c.error().message.find(path.string() + ":13: keyword \"msgstrr\" unknown") != std::string::npos,
                  c.error().message);

    auto unterminated = write(dir, "unterminated.po", kHeader + "\nmsgid \"Back\nmsgstr \"Back\"\n");
    auto u = load_po_catalogue(unterminated, "unterminated");
    REQUIRE_FALSE(u.ok());
    CHECK(u.error().code == "i18n.bad_po");
    CHECK_MESSAGE(u.error().message.find(unterminated.string() + ":") != std::string::npos, u.error().message);
    CHECK(u.error().message.find("end-of-line within string") != std::string::npos);
}

TEST_CASE("a duplicated msgid gives i18n.bad_po naming the line of the duplicate") {
    TestDir dir;
    auto path = write(dir, "dup.po", kHeader + R"(
msgid "Next"
msgstr "One"

msgid "Next"
msgstr "Two"
)");
    auto c = load_po_catalogue(path, "dup");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "i18n.bad_po");
    CHECK_MESSAGE(c.error().message.find(path.string() + ":12: duplicate message definition") != std::string::npos,
                  c.error().message);
}

TEST_CASE("a translation that drops or renames a placeholder gives i18n.bad_po naming the msgid but may reorder or repeat one") {
    TestDir dir;
    auto path = write(dir, "ph.po", kHeader + R"(
msgid "Question {0} of {1}"
msgstr "Question {0}"
)");
    auto c = load_po_catalogue(path, "ph");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "i18n.bad_po");
    CHECK(c.error().message.find("Question {0} of {1}") != std::string::npos);

    auto reordered = write(dir, "ok.po", kHeader + R"(
msgid "Question {0} of {1}"
msgstr "Of {1}, question {0}"

msgid "The smallest budget is {amount} a week, so your estimate is raised to that."
msgstr "The smallest amount is {amount} a week. So we show you {amount} a week."
)");
    auto ok = load_po_catalogue(reordered, "ok");
    CHECK_MESSAGE(ok.ok(), ok.error().message);

    auto renamed = write(dir, "renamed.po", kHeader + R"(
msgid "{amount} a week"
msgstr "{money} a week"
)");
    auto r = load_po_catalogue(renamed, "renamed");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("{money}") != std::string::npos);
}

TEST_CASE("a catalogue that is not declared UTF-8 or holds invalid UTF-8 gives i18n.bad_po") {
    TestDir dir;
    std::string latin1 = kHeader;
    latin1.replace(latin1.find("charset=UTF-8"), 13, "charset=ISO-8859-1");
    auto declared = write(dir, "latin1.po", latin1 + "\nmsgid \"Next\"\nmsgstr \"N\xE9xt\"\n");
    auto c = load_po_catalogue(declared, "latin1");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "i18n.bad_po");
    CHECK(c.error().message.find("UTF-8") != std::string::npos);

    auto no_header = write(dir, "bare.po", "msgid \"Next\"\nmsgstr \"Next\"\n");
    auto bare = load_po_catalogue(no_header, "bare");
    REQUIRE_FALSE(bare.ok());
    CHECK(bare.error().code == "i18n.bad_po");

    auto invalid = write(dir, "invalid.po", kHeader + "\nmsgid \"Next\"\nmsgstr \"N\xE9xt\"\n");
    auto bad = load_po_catalogue(invalid, "invalid");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "i18n.bad_po");
    CHECK_MESSAGE(bad.error().message.find(invalid.string()) != std::string::npos, bad.error().message);
}

TEST_CASE("a missing catalogue gives i18n.unreadable naming the file") {
    TestDir dir;
    auto c = load_po_catalogue(dir / "pl.po", "pl");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == "i18n.unreadable");
    CHECK(c.error().message.find((dir / "pl.po").string()) != std::string::npos);
    CAPTURE(c.error().message);
    CHECK(c.error().message.find("No such file or directory") != std::string::npos);

    auto d = load_po_catalogue(dir.path(), "dir");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().code == "i18n.unreadable");
}
