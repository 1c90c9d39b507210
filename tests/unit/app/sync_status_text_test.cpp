// The sync status in words: counts grouped like the app's money ("2,000"), the staff page's live
// "Sending 150 of 2,000 records" in place of its state while a pass runs, and a tablet header line
// that says what is waiting, sent or wrong in plain words, while a kiosk's header stays empty
// whatever the worker reports (residents never see sync errors).
#include "app/kiosk_flow.h"
#include "app/sync_status_text.h"
#include "core/questionnaire_parser.h"

#include <doctest/doctest.h>

#include <ctime>

using namespace selfdirect;
using app::SyncProgress;
using app::SyncSnapshot;

namespace {

const core::Catalogue& english() {
    static const core::Catalogue c = core::Catalogue::english();
    return c;
}

sync::UploadReport report(int waiting, int acked, std::int64_t last_success = 0, std::optional<Error> last_error = {},
                          int held = 0, std::string receiver_reason = {}) {
    sync::UploadReport r;
    r.status.queued = waiting;
    r.status.acked = acked;
    r.status.held = held;
    r.status.last_success_unix = last_success;
    r.last_error = std::move(last_error);
    r.receiver_reason = std::move(receiver_reason);
    return r;
}

Error err(const char* code, const char* message) { return make_error(code, message); }

SyncSnapshot snapshot(std::optional<sync::UploadReport> r, std::optional<SyncProgress> p = std::nullopt,
                      std::string today = "2026-11-22") {
    return SyncSnapshot{std::move(r), p, std::move(today)};
}

// The staff page as KioskFlow draws it from a worker's report (the app's own path: staff_sync_status).
ui::SyncStatusView staff_page(const sync::UploadReport& r) {
    static const core::Questionnaire form = [] {
        auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"R","title":"Me","item":[
            {"linkId":"1","type":"boolean","text":"Q?"}]})",
                                           "r.json");
        REQUIRE(q.ok());
        return std::move(q).value();
    }();
    app::KioskFlow flow(form, nullptr, nullptr, app::KioskTexts{});
    flow.apply(ui::Action::of(ui::Action::Kind::OpenStaffStatus));
    REQUIRE(flow.showing_staff_status());
    flow.set_sync_status(app::staff_sync_status(r));
    return flow.view().sync;
}

bool any_line_has(const ui::SyncStatusView& v, const std::string& text) {
    for (const auto& line : v.lines)
        if (line.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("the staff page and a tablet's header agree, for every code the sync client produces, on whether the device is set up and whether it reached the council") {
    struct Case {
        const char* code;
        const char* receiver_reason; // as the uploader reports it beside the code
        bool set_up;                 // false: nothing will go until someone changes the set-up
        bool reached;                // the receiver answered (meaningful only when set up)
    };
    const Case cases[] = {
        {"sync.config", "", false, false},
        {"sync.bad_url", "", false, false},
        {"sync.network", "", true, false},
        {"sync.timeout", "", true, false},
        {"sync.enrol_rejected", "enrol.expired", false, true},
        {"sync.enrol_rejected", "server.storage", true, true}, // HTTP 503: the code was not refused
        {"sync.refused", "request.malformed", true, true},
        {"sync.refused", "server.storage", true, true},
        {"sync.error", "server.storage", true, true},
        {"sync.conflict", "record.revision_exists", true, true},
        {"sync.rejected", "envelope.bad_signature", true, true},
        {"sync.rejected", "device.revoked", false, true},
        {"sync.rejected", "device.not_enrolled", true, true},
        {"sync.bad_answer", "", true, true},
        {"sync.bad_receipt", "", true, true},
        {"sync.wrong_receiver", "", true, true},
        {"vault.receipt_mismatch", "", true, true},
    };
    for (const auto& c : cases) {
        CAPTURE(c.code);
        CAPTURE(c.receiver_reason);
        const sync::UploadReport r = report(2, 0, 0, err(c.code, "words for logs"), 1, c.receiver_reason);
        const std::string tablet = app::tablet_status_line(snapshot(r), english());
        const ui::SyncStatusView staff = staff_page(r);
        CAPTURE(tablet);
        CAPTURE(staff.state);
        const bool tablet_not_set_up = tablet.rfind("Not set up to send yet", 0) == 0;
        const bool staff_not_set_up =
            staff.state == "Not set up to send yet" || staff.state == "Not registered with the council's server yet";
        CHECK(tablet_not_set_up == !c.set_up);
        CHECK(staff_not_set_up == !c.set_up);
        if (c.set_up) {
            CHECK(staff.state == "Waiting to try again");
            const bool tablet_unreached = tablet.find("Could not reach the council") != std::string::npos ||
                                          tablet.find("did not answer") != std::string::npos;
            const bool staff_unreached = any_line_has(staff, "could not be reached") || any_line_has(staff, "did not answer");
            CHECK(tablet_unreached == !c.reached);
            CHECK(staff_unreached == !c.reached);
        }
        // Every code the client produces has words of its own on the staff page, not the code.
        CHECK(any_line_has(staff, "Last problem: "));
        CHECK_FALSE(any_line_has(staff, "Something went wrong"));
        CHECK_FALSE(any_line_has(staff, c.code));
        CHECK(app::sync_problem(r.last_error, r.receiver_reason) != app::SyncProblem::Other);
    }
    // Named here because it is the case the two screens used to disagree on.
    const sync::UploadReport bad_url = report(2, 0, 0, err("sync.bad_url", "the server address is not an http:// address"));
    CHECK(app::tablet_status_line(snapshot(bad_url), english()) == "Not set up to send yet — tell the council's IT team");
    CHECK(staff_page(bad_url).state == "Not set up to send yet");
}

TEST_CASE("the staff page says the council's server could not store records when an error answer gives server.storage") {
    for (const char* code : {"sync.error", "sync.refused"}) { // a record's error answer; a whole batch's HTTP 503
        CAPTURE(code);
        const auto staff = staff_page(report(2, 0, 0, err(code, "server.storage for record x rev 1"), 0, "server.storage"));
        CHECK(staff.state == "Waiting to try again");
        CHECK(any_line_has(staff, "could not store records just now"));
    }
    // Another refusal of a whole batch is not a storage problem.
    CHECK_FALSE(any_line_has(staff_page(report(2, 0, 0, err("sync.refused", "request.malformed (HTTP 400)"), 0,
                                               "request.malformed")),
                             "could not store records"));
}

TEST_CASE("the staff page tells a receiver that did not answer in time from one that could not be reached") {
    const auto timed_out = staff_page(report(2, 0, 0, err("sync.timeout", "no answer within the timeout (Read)")));
    const auto unreachable = staff_page(report(2, 0, 0, err("sync.network", "Connection")));
    CHECK(any_line_has(timed_out, "did not answer in time"));
    CHECK_FALSE(any_line_has(timed_out, "could not be reached"));
    CHECK(any_line_has(unreachable, "could not be reached"));
    CHECK(app::tablet_status_line(snapshot(report(2, 0, 0, err("sync.timeout", "x"))), english()) ==
          "2 records waiting to send · The council's server did not answer — will try again");
}

TEST_CASE("the last success reaches the staff page as a time and is put into local words only there") {
    const auto at = app::local_date_time(1795000000);
    const auto staff = staff_page(report(0, 5, 1795000000));
    const std::string day = std::to_string(std::stoi(at.date.substr(8, 2)));
    CHECK(any_line_has(staff, "Last confirmed: " + day + " "));
    CHECK(any_line_has(staff, " at " + at.time));
    CHECK(any_line_has(staff_page(report(0, 0)), "Last confirmed: never"));
}

TEST_CASE("counts are grouped in threes with commas, like the app's money") {
    CHECK(app::format_count(0) == "0");
    CHECK(app::format_count(999) == "999");
    CHECK(app::format_count(1000) == "1,000");
    CHECK(app::format_count(2000) == "2,000");
    CHECK(app::format_count(1234567) == "1,234,567");
    CHECK(app::format_count(-12345) == "-12,345");
}

TEST_CASE("a pass in flight reads \"Sending 150 of 2,000 records\", translated with its figures filled in after") {
    CHECK(app::sending_text({150, 2000}, english()) == "Sending 150 of 2,000 records");
    const core::Catalogue welsh("cy", {{"Sending {n} of {m} records", "Yn anfon {n} o {m} cofnod"}});
    CHECK(app::sending_text({150, 2000}, welsh) == "Yn anfon 150 o 2,000 cofnod");
}

TEST_CASE("the staff page shows the live progress in place of its state while a pass runs, and the flow's state after") {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"R","title":"Me","item":[
        {"linkId":"1","type":"boolean","text":"Q?"}]})",
                                       "r.json");
    REQUIRE(q.ok());
    app::KioskFlow flow(*q, nullptr, nullptr, app::KioskTexts{});
    flow.apply(ui::Action::of(ui::Action::Kind::OpenStaffStatus));
    REQUIRE(flow.showing_staff_status());
    app::SyncStatus status;
    status.waiting = 2000;
    flow.set_sync_status(status);

    ui::AppView during = flow.view();
    const std::string spoken = during.spoken;
    app::show_sync_status(during, snapshot(report(2000, 0), SyncProgress{150, 2000}), false, english());
    CHECK(during.sync.state == "Sending 150 of 2,000 records");
    CHECK(during.spoken == spoken); // read-aloud does not start again at every batch
    CHECK(during.sync_header.empty()); // a kiosk: no header line, even for staff

    ui::AppView after = flow.view();
    app::show_sync_status(after, snapshot(report(2000, 0)), false, english());
    CHECK(after.sync.state == "Waiting to send");
}

TEST_CASE("a kiosk never gets a header line, whatever the worker reports") {
    ui::AppView v;
    v.screen = ui::Screen::Question;
    app::show_sync_status(v, snapshot(report(3, 0, 0, err("sync.network", "Could not establish connection"))), false, english());
    CHECK(v.sync_header.empty());
    app::show_sync_status(v, snapshot(report(3, 0), SyncProgress{1, 3}), false, english());
    CHECK(v.sync_header.empty());
    CHECK(v.sync.state.empty()); // not the staff page: its state is not touched either
}

TEST_CASE("a tablet's header line says in plain words what is sending, waiting, sent or wrong") {
    const auto line = [](const SyncSnapshot& s) { return app::tablet_status_line(s, english()); };
    CHECK(line(snapshot(std::nullopt)).empty()); // before the first pass: nothing to say yet
    CHECK(line(snapshot(std::nullopt, SyncProgress{20, 50})) == "Sending 20 of 50 records");
    CHECK(line(snapshot(report(3, 0), SyncProgress{0, 3})) == "Sending 0 of 3 records");
    CHECK(line(snapshot(report(0, 0))) == "No records to send yet");
    CHECK(line(snapshot(report(3, 0))) == "3 records waiting to send");
    CHECK(line(snapshot(report(1, 0))) == "1 record waiting to send");
    CHECK(line(snapshot(report(1200, 0))) == "1,200 records waiting to send");
    CHECK(line(snapshot(report(3, 5, 1795000000, err("sync.network", "Could not establish connection")))) ==
          "3 records waiting to send · Could not reach the council — will try again");
    CHECK(line(snapshot(report(2, 0, 0, err("sync.error", "server.storage for record x rev 1"), 0, "server.storage"))) ==
          "2 records waiting to send · The council's server had a problem — will try again");
    CHECK(line(snapshot(report(2, 0, 0, err("sync.bad_receipt", "the receipt does not verify for record x rev 1")))) ==
          "2 records waiting to send · The council's answer could not be checked — tell the council's IT team");
    CHECK(line(snapshot(report(2, 0, 0, err("sync.config", "sync.receipt_key is missing")))) ==
          "Not set up to send yet — tell the council's IT team");
    CHECK(line(snapshot(report(0, 4, 0, err("sync.conflict", "conflict for record x rev 1"), 2))) ==
          "No records to send yet · 2 records held for the council to check");
    // A problem that is over (nothing waiting) is not shown.
    const auto last = app::local_date_time(1795000000);
    CHECK(line(snapshot(report(0, 5, 1795000000, err("sync.network", "old")), std::nullopt, last.date)) ==
          "All records sent · last " + last.time);
}

TEST_CASE("a last success on another day is said as a date in the language on screen") {
    const auto last = app::local_date_time(1795000000);
    REQUIRE(last.date.size() == 10);
    const std::string day = std::to_string(std::stoi(last.date.substr(8, 2)));
    const std::string line = app::tablet_status_line(snapshot(report(0, 5, 1795000000), std::nullopt, "2099-01-01"), english());
    CHECK(line.rfind("All records sent · last " + day + " ", 0) == 0);
    CHECK(line.find(last.date.substr(0, 4)) != std::string::npos); // the year
    const core::Catalogue easy("en-x-easyread", {{"All records sent · last {date}", "Everything is sent. Last time: {date}"}});
    CHECK(app::tablet_status_line(snapshot(report(0, 5, 1795000000), std::nullopt, "2099-01-01"), easy)
              .rfind("Everything is sent. Last time: " + day, 0) == 0);
}

TEST_CASE("the tablet header line is put in the view on every page, and the staff page state only on the staff page") {
    ui::AppView v;
    v.screen = ui::Screen::Question;
    v.sync.state = "untouched";
    app::show_sync_status(v, snapshot(report(3, 0), SyncProgress{1, 3}), true, english());
    CHECK(v.sync_header == "Sending 1 of 3 records");
    CHECK(v.sync.state == "untouched");
}
