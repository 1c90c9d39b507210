// The journey moves on only after the vault says an answer is durable, and the check page can
// change any answer and come back.
#include "app/journey.h"
#include "core/questionnaire_parser.h"

#include <doctest/doctest.h>

using namespace selfdirect;
using ui::Action;

namespace {

core::Questionnaire skeleton_form() {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"S","title":"T","item":[
        {"linkId":"1.1","type":"choice","required":true,"text":"Help?","answerOption":[
            {"valueCoding":{"code":"none","display":"None"}},{"valueCoding":{"code":"lots","display":"Lots"}}]},
        {"linkId":"9.1","type":"boolean","required":true,"text":"Family?"},
        {"linkId":"12.1","type":"text","text":"Anything else?"}]})",
                                       "s.json");
    REQUIRE(q.ok());
    return *q;
}

} // namespace

TEST_CASE("the page does not move on until the vault confirms the answer is saved") {
    auto form = skeleton_form();
    app::Journey j(form);
    j.apply(Action::choose_option(1));
    auto cmd = j.apply(Action::next(""));
    REQUIRE(cmd);
    CHECK(cmd->kind == app::Command::Kind::SaveAnswer);
    CHECK(j.view().busy);
    CHECK(j.view().question.link_id == "1.1");
    j.on_answer_saved(j.visit(), true, "");
    CHECK_FALSE(j.view().busy);
    CHECK(j.view().question.link_id == "9.1");
    CHECK(std::get<core::Coding>(j.answers().at("1.1")).code == "lots");
}

TEST_CASE("a failed save keeps the person on the page with a plain message and no answer recorded") {
    auto form = skeleton_form();
    app::Journey j(form);
    j.apply(Action::choose_option(0));
    REQUIRE(j.apply(Action::next("")));
    j.on_answer_saved(j.visit(), false, "Your answers so far are safe. Please tell a member of staff.");
    CHECK(j.view().question.link_id == "1.1");
    CHECK(j.view().error.find("safe") != std::string::npos);
    CHECK(j.answers().empty());
}

TEST_CASE("a required question cannot be skipped") {
    auto form = skeleton_form();
    app::Journey j(form);
    CHECK_FALSE(j.apply(Action::next("")));
    CHECK_FALSE(j.view().error.empty());
    CHECK(j.view().question.link_id == "1.1");
}

TEST_CASE("changing an answer from the check page returns to the check page") {
    auto form = skeleton_form();
    app::Journey j(form);
    j.apply(Action::choose_option(0));
    j.apply(Action::next(""));
    j.on_answer_saved(j.visit(), true, "");
    j.apply(Action::choose_bool(true));
    j.apply(Action::next(""));
    j.on_answer_saved(j.visit(), true, "");
    auto cmd = j.apply(Action::next("first text"));
    REQUIRE(cmd);
    j.on_answer_saved(j.visit(), true, "");
    REQUIRE(j.view().screen == ui::Screen::Check);

    j.apply(Action::change("9.1"));
    CHECK(j.view().screen == ui::Screen::Question);
    CHECK(j.view().question.bool_value == 1);
    CHECK(j.view().question.returning_to_check);
    j.apply(Action::choose_bool(false));
    REQUIRE(j.apply(Action::next("")));
    j.on_answer_saved(j.visit(), true, "");
    CHECK(j.view().screen == ui::Screen::Check);
    CHECK(j.view().check.rows[1].answer == "No");
    CHECK(j.view().check.rows[2].answer == "first text");
}

TEST_CASE("submit carries every answer and the receipt shows the reference") {
    auto form = skeleton_form();
    app::Journey j(form);
    j.apply(Action::choose_option(1));
    j.apply(Action::next(""));
    j.on_answer_saved(j.visit(), true, "");
    j.apply(Action::choose_bool(false));
    j.apply(Action::next(""));
    j.on_answer_saved(j.visit(), true, "");
    CHECK_FALSE(j.apply(Action::next(""))); // optional text left empty moves on without a save
    REQUIRE(j.view().screen == ui::Screen::Check);
    auto cmd = j.apply(Action::of(Action::Kind::Submit));
    REQUIRE(cmd);
    CHECK(cmd->kind == app::Command::Kind::Submit);
    CHECK(cmd->answers.size() == 2);
    j.on_submitted(j.visit(), true, "SD-1234-ABCD", "");
    CHECK(j.view().screen == ui::Screen::Receipt);
    CHECK(j.view().receipt.reference == "SD-1234-ABCD");
    CHECK(j.answers().empty());
}

TEST_CASE("finish and clear forgets every answer and asks the vault to end the session") {
    auto form = skeleton_form();
    app::Journey j(form);
    j.apply(Action::choose_option(1));
    j.apply(Action::next(""));
    j.on_answer_saved(j.visit(), true, "");
    auto cmd = j.apply(Action::of(Action::Kind::FinishAndClear));
    REQUIRE(cmd);
    CHECK(cmd->kind == app::Command::Kind::EndSession);
    CHECK(j.answers().empty());
    CHECK(j.view().question.link_id == "1.1");
    CHECK(j.view().question.selected_option == -1);
}

TEST_CASE("after finish and clear, the last person's late results are dropped even while the next person waits for the same kind") {
    auto form = skeleton_form();
    app::Journey j(form);
    j.apply(Action::choose_option(1));
    auto first = j.apply(Action::next(""));
    REQUIRE(first);
    REQUIRE(j.busy());
    j.apply(Action::of(Action::Kind::FinishAndClear)); // while the save is in flight
    // The next person answers the same question; their save is in flight when the old one lands.
    j.apply(Action::choose_option(0));
    auto second = j.apply(Action::next(""));
    REQUIRE(second);
    CHECK(second->visit != first->visit);
    j.on_answer_saved(first->visit, true, "");
    CHECK(j.busy()); // still waiting for their own save
    CHECK(j.answers().empty());
    j.on_answer_saved(second->visit, true, "");
    CHECK_FALSE(j.busy());
    REQUIRE(j.answers().count("1.1") == 1);
    CHECK(j.answers().at("1.1") == second->value);
    CHECK_FALSE(j.on_submitted(first->visit, true, "SD-LATE-0001", ""));
    CHECK(j.view().screen != ui::Screen::Receipt);
}

TEST_CASE("a question the kiosk cannot take (an attachment) gets a page that says so, is counted, and does not stop sending") {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"A","title":"T","item":[
        {"linkId":"1","type":"boolean","required":true,"text":"Do you have a letter from your doctor?"},
        {"linkId":"2","type":"attachment","required":true,"text":"Attach the letter"},
        {"linkId":"3","type":"string","text":"Anything else?"}]})",
                                       "a.json");
    REQUIRE(q.ok());
    app::Journey j(*q);
    j.apply(Action::choose_bool(true));
    REQUIRE(j.apply(Action::next("")));
    j.on_answer_saved(j.visit(), true, "");
    auto v = j.view();
    REQUIRE(v.screen == ui::Screen::Question);
    CHECK(v.question.link_id == "2");
    CHECK(v.question.type == core::ItemType::Unsupported);
    CHECK(v.question.progress.find("of 3") != std::string::npos);
    // Next moves on without an answer and without asking the vault for anything.
    CHECK_FALSE(j.apply(Action::next("")));
    CHECK(j.view().question.link_id == "3");
    CHECK_FALSE(j.apply(Action::next("")));
    v = j.view();
    REQUIRE(v.screen == ui::Screen::Check);
    REQUIRE(v.check.rows.size() == 3);
    CHECK(v.check.rows[1].answer == "A worker will ask you about this");
    auto send = j.apply(Action::of(Action::Kind::Submit));
    REQUIRE(send);
    CHECK(send->kind == app::Command::Kind::Submit);
    CHECK(send->answers.size() == 1);
}
