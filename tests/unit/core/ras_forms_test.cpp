// The default forms SAQ-D1 and CSAQ-D1 (brief section 7): the brief's linkIds and points, an Easy
// Read variant of every question and answer, skips as enableWhen, and the flags answers raise.
#include "core/response_validation.h"

#include "ras_test_support.h"

#include <functional>

using namespace ras_test;

namespace {

constexpr const char* kEasyRead = "en-x-easyread";

void each_item(const std::vector<Item>& items, const std::function<void(const Item&)>& f) {
    for (const Item& i : items) {
        f(i);
        each_item(i.items, f);
    }
}

std::vector<int> option_points(const Questionnaire& q, const std::string& link_id) {
    const Item* item = find_item(q, link_id);
    REQUIRE_MESSAGE(item, link_id);
    std::vector<int> out;
    for (const AnswerOption& o : item->options) out.push_back(o.score ? static_cast<int>(*o.score) : -1);
    return out;
}

std::vector<FlagResult> flags_for(const std::map<std::string, std::string>& codes) {
    const Questionnaire q = load_form("SAQ-D1");
    auto rules = read_answer_flags(read_text("assets/forms/SAQ-D1.json"), "SAQ-D1.json");
    REQUIRE(rules.ok());
    return evaluate_flags(rules.value(), scoring_input(q, answers_with(q, codes)));
}

bool raised(const std::vector<FlagResult>& flags, const std::string& name) {
    for (const FlagResult& f : flags)
        if (f.flag == name) return f.raised;
    FAIL("flag " << name << " not reported");
    return false;
}

} // namespace

TEST_CASE("the default forms load with the brief's ids and linkIds") {
    const Questionnaire saq = load_form("SAQ-D1");
    CHECK(saq.id == "SAQ-D1");
    CHECK(saq.version == "1");
    CHECK(saq.unsupported.empty());
    for (const char* id : {"0.1", "1.1", "1.4", "2.3", "3.2", "4.2", "5.1", "6.2", "7.1", "8.1", "9.1", "9.2", "10.1",
                           "10.2", "10.3", "11.1", "11.2", "11.3", "11.4", "12.1", "12.2", "12.3", "12.4", "13", "14", "15"})
        CHECK_MESSAGE(find_item(saq, id), id);
    const Questionnaire csaq = load_form("CSAQ-D1");
    CHECK(csaq.id == "CSAQ-D1");
    CHECK(csaq.unsupported.empty());
    for (const char* id : {"C0", "C1.1", "C1.2", "C2.a", "C2.b", "C2.c", "C2.d", "C2.e", "C2.f", "C2.g", "C2.h", "C3",
                           "C4", "C5", "C6"})
        CHECK_MESSAGE(find_item(csaq, id), id);
}

TEST_CASE("every question, heading and answer of the default forms has an Easy Read variant") {
    for (const char* id : {"SAQ-D1", "CSAQ-D1"}) {
        const Questionnaire q = load_form(id);
        CHECK(q.title_translations.count(kEasyRead) == 1);
        int checked = 0;
        each_item(q.items, [&](const Item& item) {
            CHECK_MESSAGE(item.text_translations.count(kEasyRead) == 1, id << " item " << item.link_id);
            for (const AnswerOption& o : item.options)
                CHECK_MESSAGE(o.display_translations.count(kEasyRead) == 1, id << " item " << item.link_id << " option " << o.code);
            ++checked;
        });
        CHECK(checked > 20);
    }
}

TEST_CASE("the adult form's points are the brief's, and the maximum needs score is 106") {
    const Questionnaire q = load_form("SAQ-D1");
    CHECK(option_points(q, "1.1") == std::vector<int>{0, 1, 2, 4, 6});
    CHECK(option_points(q, "1.2") == std::vector<int>{0, 1, 2, 5, 8});
    CHECK(option_points(q, "2.1") == std::vector<int>{0, 1, 1, 1, 2});
    CHECK(option_points(q, "3.1") == std::vector<int>{0, 1, 2, 3, 5});
    CHECK(option_points(q, "3.2") == std::vector<int>{0, 1, 1, 2, 3});
    CHECK(option_points(q, "4.2") == std::vector<int>{0, 1, 2, 4});
    CHECK(option_points(q, "6.2") == std::vector<int>{0, 1, 1, 2, 2});
    CHECK(option_points(q, "10.1") == std::vector<int>{0, 1, 3, 5});
    CHECK(option_points(q, "10.2") == std::vector<int>{0, 1, 3});
    CHECK(option_points(q, "11.1") == std::vector<int>{0, 2, 4, 8});
    CHECK(option_points(q, "11.2") == std::vector<int>{4, 0}); // yes, no
    const RasTable t = load_table("RAS-D1");
    Rational max = 0;
    for (const RasSection& s : t.sections) max += *s.max_points;
    CHECK(max == Rational(106));
}

TEST_CASE("the carer's form's points are the brief's, and the maximum carer score is 44") {
    const Questionnaire q = load_form("CSAQ-D1");
    CHECK(option_points(q, "C1.1") == std::vector<int>{0, 2, 4, 6, 8});
    CHECK(option_points(q, "C1.2") == std::vector<int>{0, 2, 4});
    CHECK(option_points(q, "C2.e") == std::vector<int>{0, 1, 3, 0});
    CHECK(option_points(q, "C3") == std::vector<int>{0, 2, 4});
    CHECK(option_points(q, "C4") == std::vector<int>{0, 2, 3, 4});
    Rational max = 0;
    for (const RasSection& s : load_table("CRAS-D1").sections) max += *s.max_points;
    CHECK(max == Rational(44));
}

TEST_CASE("the skips are enableWhen: 7.1 'not for me', 8.1 'no', and section 12 when nobody helps") {
    const Questionnaire q = load_form("SAQ-D1");
    for (const char* id : {"7.1.help", "8.1.help", "12.2", "12.3", "12.4", "9.2.e", "10.3.help"})
        CHECK_MESSAGE(!find_item(q, id)->enable_when.empty(), id);
    const ScoringInput skipped = scoring_input(q, answers_with(q, {{"7.1", "not-for-me"}, {"8.1", "no"}, {"12.1", "no"}}));
    for (const char* id : {"7.1.help", "8.1.help", "12.2.1", "12.3", "12.4"}) CHECK_MESSAGE(skipped.disabled.count(id) == 1, id);
    const ScoringInput asked = scoring_input(q, answers_with(q, {{"7.1", "yes"}, {"8.1", "child"}, {"12.1", "yes"}}));
    for (const char* id : {"7.1.help", "8.1.help", "12.2.1", "12.3", "12.4"}) CHECK_MESSAGE(asked.disabled.count(id) == 0, id);
}

TEST_CASE("the worked-example fixtures are valid responses to the default forms") {
    for (const auto& [form, fixtures] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"SAQ-D1", {"mrs-a", "mrs-a-willing-and-able", "mrs-a-no-unpaid-help"}}, {"CSAQ-D1", {"mr-a-carer"}}}) {
        const Questionnaire q = load_form(form);
        for (const std::string& name : fixtures) {
            auto r = parse_questionnaire_response(read_text("tests/fixtures/" + name + ".json"), name);
            REQUIRE(r.ok());
            const auto issues = validate_response(q, r.value());
            CHECK_MESSAGE(issues.empty(), name << ": " << (issues.empty() ? "" : issues[0].link_id + " " + issues[0].message));
        }
    }
}

TEST_CASE("saying someone is hurting you, or that you do not always feel safe, raises the safeguarding flag") {
    CHECK_FALSE(raised(flags_for({{"10.3.a", "no"}, {"10.3.b", "yes"}}), "safeguarding"));
    CHECK(raised(flags_for({{"10.3.a", "yes"}}), "safeguarding"));
    CHECK(raised(flags_for({{"10.3.a", "talk"}}), "safeguarding"));
    CHECK(raised(flags_for({{"10.3.b", "no"}}), "safeguarding"));
    CHECK(raised(flags_for({{"10.3.b", "sometimes"}}), "safeguarding"));
}

TEST_CASE("substantial difficulty with nobody unpaid to help raises the advocacy flag") {
    CHECK(raised(flags_for({{"9.2.b", "yes"}, {"9.2.e", "no"}}), "advocacy"));
    CHECK(raised(flags_for({{"9.2.d", "yes"}, {"9.2.e", "not-sure"}}), "advocacy"));
    CHECK_FALSE(raised(flags_for({{"9.2.b", "yes"}, {"9.2.e", "yes"}}), "advocacy"));
    // 9.2.e is only asked after a difficulty: a stray "no" under it raises nothing.
    CHECK_FALSE(raised(flags_for({{"9.2.a", "no"}, {"9.2.b", "no"}, {"9.2.e", "no"}}), "advocacy"));
}

TEST_CASE("someone helping without pay, or asking for a carer's assessment, raises the carer-offer flag") {
    CHECK(raised(flags_for({{"12.1", "yes"}}), "carer-offer"));
    CHECK_FALSE(raised(flags_for({{"12.1", "no"}}), "carer-offer"));
    const auto flags = flags_for({{"12.1", "yes"}, {"12.4", "yes"}});
    for (const FlagResult& f : flags)
        if (f.flag == "carer-offer") CHECK(f.because.size() == 2);
}

TEST_CASE("the three standard flags are reported even when nothing raises them") {
    const auto flags = flags_for({});
    CHECK_FALSE(raised(flags, "safeguarding"));
    CHECK_FALSE(raised(flags, "advocacy"));
    CHECK_FALSE(raised(flags, "carer-offer"));
}

TEST_CASE("a flag extension without a code is refused naming the item") {
    const std::string form = R"({"resourceType":"Questionnaire","item":[{"linkId":"q1","type":"choice","answerOption":[
        {"extension":[{"url":"https://selfdirect.example/fhir/StructureDefinition/answer-flag"}],
         "valueCoding":{"code":"yes"}}]}]})";
    auto r = read_answer_flags(form, "f.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("item 'q1' option 'yes'") != std::string::npos);
}
