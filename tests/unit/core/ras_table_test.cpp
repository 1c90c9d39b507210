// RAS tables as data: the defaults load and fit their forms; a broken table is refused with the file
// and the culprit named, and never silently scores.
#include "ras_test_support.h"

using namespace ras_test;

namespace {

// Parses the default RAS-D1 after `edit`, expecting a refusal whose message names every `needle`.
template <typename Edit>
void expect_refused(Edit edit, std::initializer_list<const char*> needles, const char* code = nullptr) {
    auto j = nlohmann::ordered_json::parse(read_text("assets/ras/RAS-D1.json"));
    edit(j);
    auto t = parse_ras_table(j.dump(), "council-ras.json");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message.rfind("council-ras.json: ", 0) == 0);
    for (const char* n : needles) CHECK_MESSAGE(t.error().message.find(n) != std::string::npos, t.error().message);
    if (code) CHECK(t.error().code == code);
}

template <typename Edit>
void expect_unbound(Edit edit, std::initializer_list<const char*> needles) {
    const Questionnaire q = load_form("SAQ-D1");
    const RasTable t = edited_table("RAS-D1", edit);
    auto r = check_ras_table(t, q, "council-ras.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "ras.binding");
    for (const char* n : needles) CHECK_MESSAGE(r.error().message.find(n) != std::string::npos, r.error().message);
}

} // namespace

TEST_CASE("the default adult table RAS-D1 loads with the brief's parameters") {
    const RasTable t = load_table("RAS-D1");
    CHECK(t.kind == RasKind::Adult);
    CHECK(t.id == "RAS-D1");
    CHECK(t.version == "1");
    CHECK(t.effective_from == "2025-04-01");
    CHECK(t.sections.size() == 11);
    CHECK(t.price_per_point_pence == Rational(1100));
    CHECK(t.floor_pence == 3000);
    CHECK(t.ceiling_pence == 100000);
    CHECK(t.weeks_per_year == 52);
    REQUIRE(t.informal_support);
    CHECK(t.informal_support->cap_share_of_n == Rational::fraction(2, 5));
    CHECK(t.informal_support->share_items.size() == 4);
    CHECK(t.informal_support->share_items[0].first == "1"); // file order is kept
    CHECK(t.panel_n_adj_at_least == Rational(90));
    REQUIRE(t.panel_rules.size() == 1);
    CHECK(t.panel_rules[0].all_of.size() == 2);
    CHECK(check_ras_table(t, load_form("SAQ-D1"), "RAS-D1.json").ok());
}

TEST_CASE("the default carers' table CRAS-D1 loads with the brief's five bands") {
    const RasTable t = load_table("CRAS-D1");
    CHECK(t.kind == RasKind::Carer);
    REQUIRE(t.bands.size() == 5);
    CHECK(t.bands[2].from == Rational(18));
    CHECK(t.bands[2].amount_pence == 50000);
    CHECK(t.bands[4].review_replacement_care);
    CHECK(check_ras_table(t, load_form("CSAQ-D1"), "CRAS-D1.json").ok());
}

TEST_CASE("a misspelt key in a RAS table is refused naming its path") {
    expect_refused([](auto& j) { j["money"]["pricePerPiont"] = j["money"]["pricePerPoint"]; j["money"].erase("pricePerPoint"); },
                   {"money.pricePerPiont", "unknown key"}, "config.unknown_key");
}

TEST_CASE("a RAS table without a price per point is refused") {
    expect_refused([](auto& j) { j["money"].erase("pricePerPoint"); }, {"money.pricePerPoint", "missing"}, "config.missing_key");
}

TEST_CASE("a price written as a JSON fraction is refused so binary floating point never enters") {
    expect_refused([](auto& j) { j["money"]["pricePerPoint"] = 11.5; }, {"money.pricePerPoint", "as strings"});
}

TEST_CASE("a floor or ceiling with fractions of a penny is refused") {
    expect_refused([](auto& j) { j["money"]["floor"] = "30.005"; }, {"money.floor", "whole number of pence"});
}

TEST_CASE("a ceiling below the floor is refused") {
    expect_refused([](auto& j) { j["money"]["ceiling"] = "20.00"; }, {"money.ceiling", "below the floor"});
}

TEST_CASE("a share or factor outside 0 to 1 is refused, so the reduction can never exceed the help given") {
    expect_refused([](auto& j) { j["informalSupport"]["shares"]["all"] = "1.5"; }, {"informalSupport.shares.all", "between 0 and 1"});
    expect_refused([](auto& j) { j["informalSupport"]["capShareOfN"] = "2"; }, {"capShareOfN"});
}

TEST_CASE("a table that does not state the rounding rule is refused") {
    expect_refused([](auto& j) { j["money"]["rounding"] = "banker's"; }, {"money.rounding"});
    expect_refused([](auto& j) { j["money"].erase("rounding"); }, {"money.rounding", "missing"});
}

TEST_CASE("an effective date that is not YYYY-MM-DD is refused") {
    expect_refused([](auto& j) { j["effectiveFrom"] = "1 April 2025"; }, {"effectiveFrom"});
}

TEST_CASE("a RAS table that is not JSON is refused with the byte position") {
    auto t = parse_ras_table("{\"format\": ", "broken.json");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == "ras.json");
    CHECK(t.error().message.find("broken.json") != std::string::npos);
    CHECK(t.error().message.find("byte") != std::string::npos);
}

TEST_CASE("carers' bands out of order are refused") {
    auto j = nlohmann::ordered_json::parse(read_text("assets/ras/CRAS-D1.json"));
    j["bands"][2]["from"] = "5";
    auto t = parse_ras_table(j.dump(), "cras.json");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message.find("bands[2].from") != std::string::npos);
}

TEST_CASE("a table naming a question the form does not have is refused naming it") {
    expect_unbound([](auto& j) { j["sections"][0]["items"].push_back("1.9"); }, {"'1.9'", "not in questionnaire SAQ-D1"});
}

TEST_CASE("a table whose section maximum disagrees with the form's points is refused") {
    expect_unbound([](auto& j) { j["sections"][0]["maxPoints"] = "25"; }, {"section 1", "maxPoints 25", "add up to 24"});
}

TEST_CASE("a share answer the table has no share for is refused naming the option") {
    expect_unbound([](auto& j) { j["informalSupport"]["shares"].erase("most"); }, {"option 'most'", "12.2.1", "no share"});
}

TEST_CASE("a panel rule naming an answer the question does not offer is refused") {
    expect_unbound([](auto& j) { j["panel"]["rules"][0]["allOf"][0]["codes"] = {"always"}; }, {"'always'", "11.1"});
}

TEST_CASE("a table for another questionnaire is refused") {
    const RasTable carer = load_table("CRAS-D1");
    auto r = check_ras_table(carer, load_form("SAQ-D1"), "CRAS-D1.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("'CSAQ-D1'") != std::string::npos);
    CHECK(r.error().message.find("'SAQ-D1'") != std::string::npos);
}

TEST_CASE("a scored question with an option that has no points is refused") {
    // Section 12's share question has no points: scoring it as a need must be refused, not read as 0.
    expect_unbound([](auto& j) { j["sections"][0]["items"].push_back("12.3"); }, {"'12.3'", "no points"});
}

TEST_CASE("a carers' table's floor defaults to its lowest paid band, and a table that would give an eligible carer nothing is refused") {
    auto j = nlohmann::ordered_json::parse(read_text("assets/ras/CRAS-D1.json"));
    j["money"].erase("floor");
    j["bands"][1]["amount"] = "300.00";
    auto t = parse_ras_table(j.dump(), "c.json");
    REQUIRE(t.ok());
    CHECK(t->floor_pence == 30000);

    j["money"]["floor"] = "0.00";
    auto zero = parse_ras_table(j.dump(), "c.json");
    REQUIRE_FALSE(zero.ok());
    CHECK(zero.error().message.find("money.floor") != std::string::npos);

    j["money"].erase("floor");
    for (auto& band : j["bands"]) band["amount"] = "0.00";
    auto unpaid = parse_ras_table(j.dump(), "c.json");
    REQUIRE_FALSE(unpaid.ok());
    CHECK(unpaid.error().message.find("s.20") != std::string::npos);
}
