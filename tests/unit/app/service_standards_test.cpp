// The confirmation page's promises follow the person's answer to "Can a worker contact you?": the
// default forms' consent questions are found by their code system, and someone who said no, or gave
// no way to reach them, is told how to get in touch instead of being promised a call.
#include "app/service_standards.h"

#include "../core/ras_test_support.h"

#include <doctest/doctest.h>

using namespace ras_test;
using selfdirect::app::contact_choice;
using selfdirect::app::ContactChoice;
using selfdirect::app::ServiceStandards;
using selfdirect::app::service_standard_lines;

namespace {

bool has(const std::vector<std::string>& lines, const std::string& part) {
    for (const std::string& l : lines)
        if (l.find(part) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("the contact consent of both default forms is read from its answer: phone or email agreed, no declined, none not answered") {
    for (const auto& [form, item] : {std::pair{"SAQ-D1", "16.1"}, std::pair{"CSAQ-D1", "C7.1"}}) {
        const Questionnaire q = load_form(form);
        Answers a;
        CHECK(contact_choice(q, a) == ContactChoice::NotAnswered);
        choose(q, a, item, "phone");
        CHECK(contact_choice(q, a) == ContactChoice::Agreed);
        choose(q, a, item, "email");
        CHECK(contact_choice(q, a) == ContactChoice::Agreed);
        choose(q, a, item, "no");
        CHECK(contact_choice(q, a) == ContactChoice::Declined);
    }
    CHECK(contact_choice(Questionnaire{}, Answers{}) == ContactChoice::NotAsked);
}

TEST_CASE("no one who said no, or gave no way to reach them, is promised contact within 20 working days") {
    const selfdirect::core::Catalogue english = selfdirect::core::Catalogue::english();
    const ServiceStandards anytown{"Anytown Council", 20, 4, "01234 200200"};
    for (ContactChoice c : {ContactChoice::Agreed, ContactChoice::NotAsked}) {
        const auto lines = service_standard_lines(english, anytown, c);
        CHECK(has(lines, "A worker from Anytown Council will contact you within 20 working days."));
        CHECK(has(lines, "within 4 weeks"));
    }
    const auto declined = service_standard_lines(english, anytown, ContactChoice::Declined);
    CHECK_FALSE(has(declined, "will contact you"));
    CHECK_FALSE(has(declined, "support plan"));
    CHECK(has(declined, "You chose not to be contacted. Keep your reference."));
    CHECK(has(declined, "To talk to Anytown Council about your answers, call 01234 200200 and give your reference."));
    const auto unanswered = service_standard_lines(english, anytown, ContactChoice::NotAnswered);
    CHECK_FALSE(has(unanswered, "will contact you"));
    CHECK(has(unanswered, "You did not give us a way to contact you."));
    const auto no_phone = service_standard_lines(english, ServiceStandards{"Anytown Council", 20, 4, ""}, ContactChoice::Declined);
    CHECK(has(no_phone, "contact them and give your reference"));
}
