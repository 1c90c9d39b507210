// Reads UI string catalogues (gettext .po files in assets/i18n/) from disk into core::Catalogue.
// The vault does it because it is the only layer that touches disk; the parsing is GNU
// libgettextpo's, with error handlers that collect problems instead of exiting the process.
#pragma once

#include "core/catalogue.h"
#include "core/result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace selfdirect::vault {

// Loads `po_file` as the catalogue for `language_tag` ("en-x-easyread"). Skips the header entry,
// fuzzy and obsolete entries and empty translations (tr() then shows the English). Plural entries
// use their first form. Every translation is NFC-normalised.
// Errors: "i18n.unreadable" (missing or unreadable file, naming it), "i18n.bad_po" (a syntax
// error, "FILE:LINE: what", several joined by "; "; a charset other than UTF-8; invalid UTF-8; or
// a translation whose set of placeholders ("{amount}", "%d") differs from the English, naming the
// msgid; reordering or repeating one is fine).
// libgettextpo keeps global state, so calls are serialised internally.
Result<core::Catalogue> load_po_catalogue(const std::filesystem::path& po_file, std::string language_tag);

// The language tags of the catalogues in `i18n_dir`: the stem of every regular `*.po` file,
// sorted ("en-x-easyread"). English ("en") has no file and is not listed; neither is the
// built-in pseudo-locale ("en-x-pseudo"). Error "i18n.unreadable" if the directory cannot be read.
Result<std::vector<std::string>> list_languages(const std::filesystem::path& i18n_dir);

} // namespace selfdirect::vault
