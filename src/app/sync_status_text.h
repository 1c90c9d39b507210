// The sync status in plain words where it may be seen: live progress on the staff page ("Sending 150
// of 2,000 records") and a one-line status in a tablet's header ("All records sent · last 14:02",
// "Could not reach the council — will try again"). Kiosk residents never see either: the header line
// is made only for a tablet, and the staff page is reached only by staff. Pure: the app gives it the
// worker's last report and progress, the local clock, and the catalogue of the language on screen.
#pragma once

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

// Local date and time of a Unix time: {"2026-11-22", "14:02"} (the device's time zone).
struct LocalDateTime {
    std::string date; // "YYYY-MM-DD"
    std::string time; // "HH:MM"
};
LocalDateTime local_date_time(std::int64_t unix_seconds);

// "sync.network: connection refused" -> "sync.network": the stable reason code before any words.
std::string reason_code(const std::string& last_error);

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
