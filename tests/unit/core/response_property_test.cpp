// Property tests over many random answer sets (fixed seeds, so a failure reproduces): the JSON
// round trip is the identity, and answers under items that are not enabled never change any
// output (the built response, the validation issues).
#include "core/enable_when.h"
#include "core/response_builder.h"
#include "core/response_json.h"
#include "core/response_validation.h"
#include "form_fixtures.h"

#include <doctest/doctest.h>

#include <random>

using namespace selfdirect::core;

namespace {

// A form with every answer type, conditions on each, chains, nested and repeating groups, and a
// question with a nested question, so random answers switch items on and off often.
const char* kForm = R"([
  {"linkId":"b","type":"boolean"},
  {"linkId":"n","type":"integer","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueInteger":3}]},
  {"linkId":"c","type":"choice","required":true,"answerOption":[{"valueCoding":{"system":"s","code":"1"}},{"valueCoding":{"system":"s","code":"2"}},{"valueCoding":{"system":"s","code":"3"}}]},
  {"linkId":"d","type":"date","enableWhen":[{"question":"b","operator":"=","answerBoolean":true}]},
  {"linkId":"s","type":"string","maxLength":3,"enableWhen":[{"question":"n","operator":">","answerInteger":1},{"question":"c","operator":"=","answerCoding":{"system":"s","code":"2"}}],"enableBehavior":"any"},
  {"linkId":"g","type":"group","enableWhen":[{"question":"d","operator":">=","answerDate":"2000-01-01"}],"item":[
    {"linkId":"g.t","type":"time","required":true},
    {"linkId":"g.x","type":"decimal","enableWhen":[{"question":"g.t","operator":"<","answerTime":"12:00:00"}]},
    {"linkId":"g.g","type":"group","item":[{"linkId":"g.g.o","type":"open-choice","required":true,"answerOption":[{"valueString":"x"}],
        "enableWhen":[{"question":"s","operator":"exists","answerBoolean":true}]}]}]},
  {"linkId":"q","type":"choice","answerOption":[{"valueString":"other"},{"valueString":"none"}],
   "enableWhen":[{"question":"c","operator":"!=","answerCoding":{"system":"s","code":"3"}}],
   "item":[{"linkId":"q.why","type":"text","required":true,"enableWhen":[{"question":"q","operator":"=","answerString":"other"}]}]},
  {"linkId":"dt","type":"dateTime","enableWhen":[{"question":"g.x","operator":"<=","answerDecimal":1.5}]},
  {"linkId":"r","type":"group","repeats":true,"item":[{"linkId":"r.b","type":"boolean"}]}])";

const std::vector<std::string> kIds = {"b", "n", "c", "d", "s", "g.t", "g.x", "g.g.o", "q", "q.why", "dt", "r.b"};

// A value for `id`: mostly of the right type from a small domain (so conditions flip), sometimes wrong.
AnswerValue random_value(const std::string& id, std::mt19937& rng) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    if (pick(10) == 0) return std::string("wrong type");
    if (id == "b" || id == "r.b") return pick(2) == 1;
    if (id == "n") return std::int64_t{pick(6) - 1};
    if (id == "c") return Coding{"s", std::to_string(1 + pick(3)), ""};
    if (id == "d") return Date{pick(2) ? "1999-12-31" : "2000-01-0" + std::to_string(1 + pick(9))};
    if (id == "s" || id == "q.why") return std::string(static_cast<std::size_t>(pick(6)), 'a' + static_cast<char>(pick(3)));
    if (id == "g.t") return Time{pick(2) ? "11:59:59" : "12:00:00"};
    if (id == "g.x") return pick(4) * 0.75;
    if (id == "g.g.o") return pick(2) ? AnswerValue{std::string("x")} : AnswerValue{std::string("free text")};
    if (id == "q") return std::string(pick(2) ? "other" : "none");
    return DateTime{"2024-05-0" + std::to_string(1 + pick(9)) + "T10:00:00Z"};
}

Answers random_answers(std::mt19937& rng) {
    Answers a;
    for (const std::string& id : kIds)
        if (rng() % 3 != 0) a[id] = random_value(id, rng);
    return a;
}

std::string random_text(std::mt19937& rng) {
    static const char* pieces[] = {"", "a", "Zoë", "\"quoted\"", "line\nbreak", "tab\t", "\\", "😀", "<b>"};
    std::string out;
    for (int i = static_cast<int>(rng() % 4); i > 0; --i) out += pieces[rng() % std::size(pieces)];
    return out;
}

AnswerValue random_any_value(std::mt19937& rng) {
    std::uniform_real_distribution<double> real(-1e6, 1e6);
    switch (rng() % 9) {
    case 0: return rng() % 2 == 1;
    case 1: return static_cast<std::int64_t>(rng()) - (1LL << 31);
    case 2: return real(rng);
    case 3: return random_text(rng);
    case 4: return Coding{random_text(rng), "code" + std::to_string(rng() % 10), random_text(rng)};
    case 5: return Date{"2024-01-0" + std::to_string(1 + rng() % 9)};
    case 6: return DateTime{"2024-01-01T10:00:0" + std::to_string(rng() % 10) + "Z"};
    case 7: return Time{"10:00:0" + std::to_string(rng() % 10)};
    default: return OtherValue{"valueQuantity", R"({"unit":"kg","value":)" + std::to_string(rng() % 100) + "}"};
    }
}

std::vector<ResponseItem> random_items(std::mt19937& rng, int depth) {
    std::vector<ResponseItem> out;
    for (int i = static_cast<int>(rng() % 4); i > 0; --i) {
        ResponseItem item{kIds[rng() % kIds.size()], random_text(rng), {}, {}};
        for (int a = static_cast<int>(rng() % 3); a > 0; --a)
            item.answers.push_back({random_any_value(rng), depth > 0 && rng() % 3 == 0 ? random_items(rng, depth - 1) : std::vector<ResponseItem>{}});
        if (depth > 0 && rng() % 2 == 0) item.items = random_items(rng, depth - 1);
        out.push_back(std::move(item));
    }
    return out;
}

// FHIR wants no empty items: each has an answer or a nested item, all the way down.
bool no_empty_items(const std::vector<ResponseItem>& items) {
    for (const ResponseItem& item : items) {
        if (item.answers.empty() && item.items.empty()) return false;
        if (!no_empty_items(item.items)) return false;
        for (const ResponseAnswer& a : item.answers)
            if (!no_empty_items(a.items)) return false;
    }
    return true;
}

} // namespace

TEST_CASE("property: any response model written as JSON reads back as the same model") {
    std::mt19937 rng(20260522);
    for (int run = 0; run < 500; ++run) {
        QuestionnaireResponse r;
        r.id = rng() % 2 ? "rec-" + std::to_string(run) : "";
        r.questionnaire = "https://example.org/Q/T|1";
        r.status = rng() % 2 ? "completed" : "in-progress";
        r.authored = rng() % 2 ? "2026-05-22T10:00:00Z" : "";
        r.items = random_items(rng, 3);
        const std::string json = response_to_json(r);
        auto back = parse_questionnaire_response(json, "property");
        REQUIRE_MESSAGE(back.ok(), json);
        REQUIRE_MESSAGE(*back == r, json);
        CHECK(response_to_json(*back) == json);
    }
}

TEST_CASE("property: a response built from random answers round-trips through JSON and building it again changes nothing") {
    const Questionnaire q = form_fixtures::form(kForm);
    std::mt19937 rng(7);
    for (int run = 0; run < 500; ++run) {
        const Answers answers = random_answers(rng);
        const QuestionnaireResponse built = build_response(q, response_from_answers(q, answers, {"id", "2026-01-01T00:00:00Z"}));
        auto back = parse_questionnaire_response(response_to_json(built), "property");
        REQUIRE(back.ok());
        CHECK(*back == built);
        CHECK(build_response(q, built) == built);
        CHECK(no_empty_items(built.items));
        // Every answer that survives is one that was given to an enabled item.
        const auto enabled = enabled_link_ids(q, answers);
        for (const auto& [id, value] : answers_from_response(q, built)) {
            CHECK(enabled.count(id) == 1);
            CHECK(answers.at(id) == value);
        }
    }
}

TEST_CASE("property: answers under items that are not enabled never change the built response or the validation") {
    const Questionnaire q = form_fixtures::form(kForm);
    std::mt19937 rng(424242);
    int disabled_seen = 0;
    for (int run = 0; run < 1000; ++run) {
        const Answers answers = random_answers(rng);
        const auto enabled = enabled_link_ids(q, answers);
        Answers changed = answers;
        for (const std::string& id : kIds) {
            if (enabled.count(id)) continue;
            ++disabled_seen;
            switch (rng() % 3) {
            case 0: changed.erase(id); break;
            default: changed[id] = random_value(id, rng); break;
            }
        }
        const ResponseMeta meta{"id", "2026-01-01T00:00:00Z", "completed"};
        REQUIRE(build_questionnaire_response(q, changed, meta) == build_questionnaire_response(q, answers, meta));
        REQUIRE(validate_answers(q, changed) == validate_answers(q, answers));
        REQUIRE(enabled_link_ids(q, changed) == enabled);
    }
    CHECK(disabled_seen > 1000); // the random answers really do disable items
}

TEST_CASE("property: in a repeating group, answers under a disabled item of one instance never change the output, and validation names each one") {
    const Questionnaire q = form_fixtures::form(R"([{"linkId":"p","type":"group","repeats":true,"item":[
        {"linkId":"carer","type":"boolean"},
        {"linkId":"hours","type":"integer","required":true,"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueInteger":10}],
         "enableWhen":[{"question":"carer","operator":"=","answerBoolean":true}]}]}])");
    std::mt19937 rng(99);
    for (int run = 0; run < 300; ++run) {
        QuestionnaireResponse r, noisy;
        std::size_t noise = 0;
        for (int i = static_cast<int>(1 + rng() % 4); i > 0; --i) {
            const bool carer = rng() % 2 == 1;
            ResponseItem instance{"p", "", {}, {ResponseItem{"carer", "", {{carer, {}}}, {}}}};
            ResponseItem with_noise = instance;
            if (carer) {
                instance.items.push_back(ResponseItem{"hours", "", {{std::int64_t{static_cast<int>(rng() % 12)}, {}}}, {}});
                with_noise.items.push_back(instance.items.back());
            } else if (rng() % 2) {
                with_noise.items.push_back(ResponseItem{"hours", "", {{std::int64_t{static_cast<int>(rng() % 100)}, {}}, {std::string("junk"), {}}}, {}});
                ++noise;
            }
            r.items.push_back(std::move(instance));
            noisy.items.push_back(std::move(with_noise));
        }
        CHECK(build_response(q, noisy) == build_response(q, r));
        // The stale answers are reported (once per instance that holds one) and judged no further.
        std::vector<ValidationIssue> issues = validate_response(q, noisy);
        const std::size_t stale = std::erase_if(issues, [](const ValidationIssue& i) {
            return i.code == kAnswerUnderDisabledItem && i.link_id == "hours";
        });
        CHECK(stale == noise);
        CHECK(issues == validate_response(q, r));
    }
}
