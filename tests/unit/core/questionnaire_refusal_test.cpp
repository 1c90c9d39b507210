// Broken form definitions are refused naming the file and the culprit; things the engine does not
// support are refused item by item, with a reason, and the rest of the form still loads.
#include "core/questionnaire.h"
#include "form_fixtures.h"

#include <doctest/doctest.h>

using namespace selfdirect::core;
using form_fixtures::form;
using form_fixtures::refused;

namespace {
bool names(const selfdirect::Error& e, const std::string& what) { return e.message.find(what) != std::string::npos; }
} // namespace

TEST_CASE("an enableWhen naming an item that is not in the form is refused naming both linkIds") {
    auto e = refused(R"([{"linkId":"a","type":"string","enableWhen":[{"question":"ghost","operator":"exists","answerBoolean":true}]}])");
    CHECK(e.code == "form.enable_when");
    CHECK(names(e, "broken.json"));
    CHECK(names(e, "'a'"));
    CHECK(names(e, "'ghost'"));
}

TEST_CASE("an enableWhen cycle between two items is refused naming the linkIds in the cycle") {
    auto e = refused(R"([
      {"linkId":"a","type":"string","enableWhen":[{"question":"b","operator":"exists","answerBoolean":true}]},
      {"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]}])");
    CHECK(e.code == "form.enable_when");
    CHECK(names(e, "cycle"));
    CHECK(names(e, "'a'"));
    CHECK(names(e, "'b'"));
}

TEST_CASE("an item enabled by its own answer is a cycle") {
    auto e = refused(R"([{"linkId":"self","type":"boolean","enableWhen":[{"question":"self","operator":"=","answerBoolean":true}]}])");
    CHECK(e.code == "form.enable_when");
    CHECK(names(e, "'self' -> 'self'"));
}

TEST_CASE("a group enabled by a question inside it is a cycle through the parent") {
    auto e = refused(R"([{"linkId":"g","type":"group","enableWhen":[{"question":"inner","operator":"exists","answerBoolean":true}],
                          "item":[{"linkId":"inner","type":"string"}]}])");
    CHECK(e.code == "form.enable_when");
    CHECK(names(e, "'g'"));
    CHECK(names(e, "'inner'"));
}

TEST_CASE("a longer enableWhen chain that loops is refused, while a chain that does not loop loads") {
    auto e = refused(R"([
      {"linkId":"a","type":"string","enableWhen":[{"question":"c","operator":"exists","answerBoolean":true}]},
      {"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]},
      {"linkId":"c","type":"string","enableWhen":[{"question":"b","operator":"exists","answerBoolean":true}]}])");
    CHECK(names(e, "cycle"));
    form(R"([{"linkId":"a","type":"string"},
      {"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]},
      {"linkId":"c","type":"string","enableWhen":[{"question":"b","operator":"exists","answerBoolean":true}]}])");
}

TEST_CASE("a child question enabled by its parent question's answer is not a cycle") {
    Questionnaire q = form(R"([{"linkId":"p","type":"boolean","item":[
        {"linkId":"why","type":"string","enableWhen":[{"question":"p","operator":"=","answerBoolean":true}]}]}])");
    CHECK(find_item(q, "why"));
}

TEST_CASE("malformed enableWhen entries are refused naming the item") {
    CHECK(names(refused(R"([{"linkId":"a","type":"string"},{"linkId":"x","type":"string","enableWhen":[{"question":"a","operator":"~","answerString":"q"}]}])"), "'x'"));
    CHECK(names(refused(R"([{"linkId":"a","type":"string"},{"linkId":"x","type":"string","enableWhen":[{"question":"a","operator":"exists","answerString":"q"}]}])"), "answerBoolean"));
    CHECK(names(refused(R"([{"linkId":"a","type":"string"},{"linkId":"x","type":"string","enableWhen":[{"question":"a","operator":"="}]}])"), "'x'"));
    CHECK(names(refused(R"([{"linkId":"a","type":"string"},{"linkId":"x","type":"string","enableBehavior":"some","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]}])"), "enableBehavior"));
}

TEST_CASE("an option without a code is refused, whether a coding, a ValueSet concept or an empty string") {
    auto coding = refused(R"([{"linkId":"c1","type":"choice","answerOption":[{"valueCoding":{"display":"x"}}]}])");
    CHECK(coding.code == "form.item");
    CHECK(names(coding, "'c1'"));
    auto concept_without_code = refused(R"([{"linkId":"c2","type":"choice","answerValueSet":"#v"}])",
                                        R"("contained":[{"resourceType":"ValueSet","id":"v","compose":{"include":[{"concept":[{"display":"x"}]}]}}],)");
    CHECK(names(concept_without_code, "'#v'"));
    CHECK(names(refused(R"([{"linkId":"c3","type":"choice","answerOption":[{"valueString":""}]}])"), "'c3'"));
}

TEST_CASE("a choice without options, a missing contained ValueSet and options given twice are refused") {
    CHECK(names(refused(R"([{"linkId":"c","type":"choice"}])"), "'c'"));
    CHECK(names(refused(R"([{"linkId":"c","type":"choice","answerValueSet":"#nowhere"}])"), "'#nowhere'"));
    CHECK(names(refused(R"([{"linkId":"c","type":"choice","answerValueSet":"#v","answerOption":[{"valueString":"a"}]}])",
                        R"("contained":[{"resourceType":"ValueSet","id":"v","compose":{"include":[{"concept":[{"code":"x"}]}]}}],)"),
                "both"));
}

TEST_CASE("an item without a type or with a display item holding items is refused") {
    CHECK(names(refused(R"([{"linkId":"t"}])"), "'t'"));
    CHECK(names(refused(R"([{"linkId":"d","type":"display","item":[{"linkId":"x","type":"string"}]}])"), "'d'"));
}

TEST_CASE("items nested deeper than any real form are refused rather than recursed into") {
    std::string items = R"({"linkId":"leaf","type":"string"})";
    for (int i = 0; i < 40; ++i) items = R"({"linkId":"g)" + std::to_string(i) + R"(","type":"group","item":[)" + items + "]}";
    CHECK(names(refused("[" + items + "]"), "nested"));
}

TEST_CASE("unsupported item types and remote ValueSets are listed item by item while the form loads") {
    Questionnaire q = form(R"([
      {"linkId":"photo","type":"attachment","text":"A photo"},
      {"linkId":"ok","type":"string"},
      {"linkId":"remote","type":"choice","answerValueSet":"http://example.org/ValueSet/x"},
      {"linkId":"g","type":"group","item":[{"linkId":"where","type":"reference"},{"linkId":"weight","type":"quantity"}]}])");
    REQUIRE(q.unsupported.size() == 4);
    CHECK(q.unsupported[0] == UnsupportedItem{"photo", "type 'attachment' is not supported"});
    CHECK(q.unsupported[1].link_id == "remote");
    CHECK(q.unsupported[1].reason.find("not a contained ValueSet") != std::string::npos);
    CHECK(q.unsupported[2] == UnsupportedItem{"where", "type 'reference' is not supported"});
    CHECK(q.unsupported[3] == UnsupportedItem{"weight", "type 'quantity' is not supported"});
    CHECK(find_item(q, "photo")->type == ItemType::Unsupported);
    CHECK(find_item(q, "photo")->fhir_type == "attachment");
    auto answerable = answerable_items(q);
    REQUIRE(answerable.size() == 1);
    CHECK(answerable[0]->link_id == "ok");
}

TEST_CASE("values of unsupported kinds refuse only their item, and items inside an unsupported one follow it") {
    Questionnaire q = form(R"([
      {"linkId":"a","type":"decimal"},
      {"linkId":"qty","type":"string","enableWhen":[{"question":"a","operator":"=","answerQuantity":{"value":1}}]},
      {"linkId":"ref","type":"choice","answerOption":[{"valueReference":{"reference":"Patient/1"}}]},
      {"linkId":"init","type":"string","initial":[{"valueAttachment":{}}]},
      {"linkId":"big","type":"attachment","item":[{"linkId":"under","type":"string"}]}])");
    REQUIRE(q.unsupported.size() == 5);
    CHECK(q.unsupported[0].link_id == "qty");
    CHECK(q.unsupported[0].reason.find("answerQuantity") != std::string::npos);
    CHECK(q.unsupported[1].link_id == "ref");
    CHECK(q.unsupported[1].reason.find("valueReference") != std::string::npos);
    CHECK(q.unsupported[2].link_id == "init");
    CHECK(q.unsupported[3].link_id == "big");
    CHECK(q.unsupported[4] == UnsupportedItem{"under", "it is inside unsupported item 'big'"});
    CHECK(answerable_items(q).size() == 1);
}

TEST_CASE("an enableWhen may name an unsupported item, which simply never has an answer") {
    Questionnaire q = form(R"([{"linkId":"photo","type":"attachment"},
      {"linkId":"why","type":"string","enableWhen":[{"question":"photo","operator":"exists","answerBoolean":false}]}])");
    CHECK(q.unsupported.size() == 1);
}
