// The skeleton form loads, and broken definitions are refused with the culprit named.
#include "core/questionnaire_parser.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace selfdirect::core;

static std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST_CASE("the skeleton form loads with its three questions in order") {
    auto q = parse_questionnaire(read_file(SELFDIRECT_SOURCE_DIR "/assets/forms/skeleton.json"), "skeleton.json");
    REQUIRE(q.ok());
    CHECK(q->id == "SKEL-1");
    auto items = answerable_items(*q);
    REQUIRE(items.size() == 3);
    CHECK(items[0]->type == ItemType::Choice);
    CHECK(items[0]->options.size() == 3);
    CHECK(items[1]->type == ItemType::Boolean);
    CHECK(items[2]->type == ItemType::Text);
}

TEST_CASE("a UTF-8 byte-order mark before the JSON is tolerated") {
    auto q = parse_questionnaire("\xEF\xBB\xBF{\"resourceType\":\"Questionnaire\",\"id\":\"x\"}", "bom.json");
    REQUIRE(q.ok());
    CHECK(q->id == "x");
}

TEST_CASE("malformed JSON is refused with the file name and the byte position") {
    auto q = parse_questionnaire("{\"resourceType\": \"Questionnaire\", \"item\": [", "broken.json");
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().code == "form.json");
    CHECK(q.error().message.find("broken.json") != std::string::npos);
    CHECK(q.error().message.find("byte") != std::string::npos);
}

TEST_CASE("a resource that is not a Questionnaire is refused") {
    auto q = parse_questionnaire(R"({"resourceType":"Patient"})", "p.json");
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().code == "form.not_questionnaire");
}

TEST_CASE("a duplicate linkId is refused naming the linkId") {
    auto q = parse_questionnaire(R"({"resourceType":"Questionnaire","item":[
        {"linkId":"a","type":"boolean"},{"linkId":"g","type":"group","item":[{"linkId":"a","type":"string"}]}]})",
                                 "dup.json");
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().code == "form.duplicate_link_id");
    CHECK(q.error().message.find("'a'") != std::string::npos);
}

TEST_CASE("an answer option without a code is refused naming the item") {
    auto q = parse_questionnaire(R"({"resourceType":"Questionnaire","item":[
        {"linkId":"c1","type":"choice","answerOption":[{"valueCoding":{"display":"x"}}]}]})",
                                 "opt.json");
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().message.find("c1") != std::string::npos);
}
