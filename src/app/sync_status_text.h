// The sync status in plain words where it may be seen: live progress on the staff page ("Sending 150
// of 2,000 records") and a one-line status in a tablet's header ("All records sent · last 14:02",
// "Could not reach the council — will try again"). Kiosk residents never see either: the header line
// is made only for a tablet, and the staff page is reached only by staff. Pure: the app gives it the
// worker's last report and progress, the local clock, and the catalogue of the language on screen.
// Both screens take the kind of the last problem from app/sync_problem.h, so they agree.
#pragma once

#include "app/kiosk_flow.h"
#include "app/local_time.h"
#include "app/sync_problem.h"
#include "app/sync_worker.h"
#include "core/catalogue.h"
#include "sync/client/uploader.h"
#include "ui/view_model.h"

#include <cstdint>
#include <optional>
#include <string>

namespace selfdirect::app {

// What a status line needs, taken from the worker at one moment. Nothing in it names a person.
struct SyncSnapshot {
    std::optional<sync::UploadReport> report;  // the last finished pass; nullopt before the first
    std::optional<SyncProgress> progress;       // a pass in flight
    std::string today_local;                    // "2026-11-22": the device's local date now
};

// The worker's report as the staff page wants it (KioskFlow::set_sync_status): counts, the last
// success as a Unix time, and the kind of the last problem. Nothing in it names a person.
SyncStatus staff_sync_status(const sync::UploadReport& report);

// A count as the app writes numbers: digits grouped in threes with commas ("2,000", "1,234,567"),
// like format_money's pounds.
std::string format_count(std::int64_t n);

// "Sending 150 of 2,000 records" in the language of `c`.
std::string sending_text(const SyncProgress& p, const core::Catalogue& c);

// The tablet header's one line; "" before the worker has reported anything.
std::string tablet_status_line(const SyncSnapshot& s, const core::Catalogue& c);

// Puts the live status into a view the flow built: on the staff page a pass in flight replaces the
// state line with its progress; on a tablet (`tablet`) every page gets the header line. On a kiosk
// the header line stays empty whatever the worker says.
void show_sync_status(ui::AppView& view, const SyncSnapshot& s, bool tablet, const core::Catalogue& c);

} // namespace selfdirect::app
