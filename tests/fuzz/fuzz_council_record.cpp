// Fuzzes what the council tool reads out of a record after it decrypts (sync/council/record_json.h,
// core/assessment_summary.h): a device key can be stolen, so the plaintext inside a valid envelope is
// hostile too. parse_record_json must refuse or accept without crashing (the nesting cap, invalid
// UTF-8, decimals kept as written); an accepted record must print without throwing and read back
// to the same text, and the assessment summary it may carry must be read or refused with its code,
// never guessed at.
#include "core/assessment_summary.h"
#include "fuzz_check.h"
#include "sync/council/record_json.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace council = selfdirect::council;
namespace core = selfdirect::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // The summary as the extension's string carries it.
    auto summary = core::summary_from_json(text);
    if (!summary.ok()) {
        FUZZ_CHECK(summary.error().code == "summary.malformed", "every refused summary has the documented code");
    } else {
        const std::string written = core::summary_to_json(*summary).dump();
        auto again = core::summary_from_json(written);
        FUZZ_CHECK(again.ok(), "what summary_to_json writes, summary_from_json reads");
        FUZZ_CHECK(core::summary_to_json(*again).dump() == written, "a summary round-trips");
    }

    auto record = council::parse_record_json(text);
    if (!record.ok()) {
        FUZZ_CHECK(record.error().code == "council.record_too_deep" || record.error().code == "council.record_not_json",
                   "every refused record has a documented code");
        return 0;
    }
    const std::string printed = council::dump_record_json(*record, -1);
    FUZZ_CHECK(council::is_valid_utf8(printed), "what the council tool prints is UTF-8");
    auto reread = council::parse_record_json(printed);
    FUZZ_CHECK(reread.ok(), "what the council tool prints, it reads back");
    FUZZ_CHECK(council::dump_record_json(*reread, -1) == printed, "a record prints the same after a second read");
    if (record->is_object()) {
        if (auto carried = core::read_summary(*record); carried && !carried->ok())
            FUZZ_CHECK(carried->error().code == "summary.malformed", "an unreadable carried summary is reported");
    }
    return 0;
}
