// The UI string catalogue (issue 5, "Languages"): every string the app shows goes through
// Catalogue::tr, keyed by its English text, so English needs no file and a missing translation
// shows English rather than nothing. Catalogues are read from gettext .po files by the vault
// (vault/po_catalogue.h); this part is pure: a map, the pseudo-locale and NFC normalisation.
// Form text is not here: it comes from the Questionnaire's own translations.
#pragma once

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace selfdirect::core {

class Catalogue {
public:
    // English: no translations, tr() returns its argument.
    Catalogue();
    // `messages` maps a msgid (or context_key(msgctxt, msgid)) to its translation; entries with
    // an empty translation are dropped, so tr() falls back to the English for them.
    Catalogue(std::string language_tag, std::map<std::string, std::string, std::less<>> messages);

    static Catalogue english();  // tag "en"
    // Tag "en-x-pseudo": every string, translated or not, comes back pseudo-localised (see
    // pseudo_localise), so a screen shows at once which strings skip the catalogue and which
    // labels clip.
    static Catalogue pseudo();

    const std::string& language() const { return language_; }
    bool is_pseudo() const { return pseudo_ != nullptr; }
    std::size_t size() const { return messages_.size(); }
    // Every translation this catalogue holds (not the pseudo-locale's, which are made on demand):
    // the app rasterises exactly the glyphs its texts use.
    std::vector<std::string_view> translations() const;

    // The translation of `msgid`, or `msgid` itself when there is none. The view points into the
    // catalogue (valid while any copy of it lives) or, for the fallback, at the argument: pass
    // string literals, as tr("...") calls do. xgettext extracts the first argument of tr().
    std::string_view tr(std::string_view msgid) const;
    // The same with a gettext msgctxt, for one English word that needs two translations
    // (trc("button", "Change") vs trc("heading", "Change")). xgettext keyword: trc:1c,2.
    std::string_view trc(std::string_view msgctxt, std::string_view msgid) const;

    // gettext's own key for a message with a context: msgctxt, U+0004, msgid.
    static std::string context_key(std::string_view msgctxt, std::string_view msgid);

private:
    struct PseudoCache;

    std::string_view lookup(std::string_view key, std::string_view msgid) const;

    std::string language_;
    std::map<std::string, std::string, std::less<>> messages_;
    // Only for the pseudo catalogue: pseudo-localised strings are made on first use and kept here
    // so tr() can return a view. Shared by copies (the mapping is deterministic) and locked, so a
    // const Catalogue stays safe to share between threads.
    std::shared_ptr<PseudoCache> pseudo_;
};

// Marks a string for extraction without translating it where it is written (a table of labels
// translated later with tr(label)). xgettext keyword: tr_noop.
constexpr const char* tr_noop(const char* msgid) { return msgid; }

// The placeholders in a message, in order, each as written: "{0}", "{}", "{name}", printf-style
// conversions ("%d", "%s", "%1$s", "%.2f"), and "%%". A translation must keep the same set.
std::vector<std::string_view> placeholders(std::string_view text);

// Puts values into the named placeholders of a translated pattern, after translation, so a
// translation may move them: fill(tr("Question {number} of {total}"), {{"number", "3"}, {"total",
// "20"}}). Every "{name}" with a value is replaced; others are left as written, and a value is
// never scanned again. (No std::format in GCC 12's libstdc++, hence this.)
std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values);

// Deterministic pseudo-localisation for tests: each ASCII letter becomes an accented look-alike
// (a->á, e->ë, o->ö, ...), and the result is wrapped as "[" ... " ~~~]" and padded to at least
// 40 % more characters than the input, so clipped, truncated or untranslated text shows on screen.
// Placeholders (see placeholders()) and an ImGui "##id" suffix are kept byte for byte. Every
// replacement is in U+00C0..U+024F or U+1E00..U+1EFF (Latin Extended Additional, for m, v and x).
std::string pseudo_localise(std::string_view msgid);

// Unicode Normalization Form C (utf8proc), so that "e" + U+0301 and "é" compare and render the
// same. Text that is not valid UTF-8 is returned unchanged (check it with valid_utf8 first when
// that matters).
std::string nfc(std::string_view utf8);
bool valid_utf8(std::string_view text);

} // namespace selfdirect::core
