// device.db step 6 (issue 12, item 24): sync_state keeps its last problem as a value, the code, the
// words and the receiver's own reason code in their own columns, instead of one "code: words" text
// the app split again on every frame. Older builds wrote last_error as "sync.network: connection
// refused" or "sync.error: server.storage for record … rev 1"; this step splits such a row once, here:
//   last_error_code   = the text before the first ": " (the whole text when there is none);
//   last_error        = the words after it ("" when there are none);
//   last_error_reason = for an answer from the receiver (sync.error, sync.refused, sync.conflict,
//                       sync.rejected, sync.enrol_rejected) the first word of those words, which those
//                       builds always began with the receiver's reason code.
#pragma once

namespace selfdirect::vault::detail {

constexpr const char* kSyncErrorStep = R"sql(
ALTER TABLE sync_state ADD COLUMN last_error_code TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_state ADD COLUMN last_error_reason TEXT NOT NULL DEFAULT '';
UPDATE sync_state SET
  last_error_code = CASE WHEN instr(last_error, ': ') > 0 THEN substr(last_error, 1, instr(last_error, ': ') - 1)
                         ELSE last_error END,
  last_error = CASE WHEN instr(last_error, ': ') > 0 THEN substr(last_error, instr(last_error, ': ') + 2) ELSE '' END
WHERE last_error <> '';
UPDATE sync_state SET
  last_error_reason = CASE WHEN instr(last_error, ' ') > 0 THEN substr(last_error, 1, instr(last_error, ' ') - 1)
                           ELSE last_error END
WHERE last_error_code IN ('sync.error', 'sync.refused', 'sync.conflict', 'sync.rejected', 'sync.enrol_rejected')
  AND last_error <> '';
)sql";

} // namespace selfdirect::vault::detail
