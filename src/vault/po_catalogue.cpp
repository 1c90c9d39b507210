// .po catalogues through GNU libgettextpo. The library reports problems through a handler with no
// user data and keeps the handler in a global, so one load runs at a time (a mutex) and the
// handler writes to a thread_local collector set for the duration of that load.
#include "vault/po_catalogue.h"

#include <gettext-po.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <type_traits>

namespace selfdirect::vault {

namespace {

struct Collector {
    std::vector<std::string> problems;
};

thread_local Collector* t_collector = nullptr;

std::string trimmed(const char* text) {
    std::string s = text ? text : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

void note(int severity, const char* filename, std::size_t lineno, const char* text) {
    if (severity == PO_SEVERITY_WARNING || t_collector == nullptr) return;
    std::string where = filename ? std::string(filename) : std::string();
    if (!where.empty() && lineno != 0 && lineno != static_cast<std::size_t>(-1)) where += ":" + std::to_string(lineno);
    std::string what = trimmed(text);
    // The parser ends with one summary ("found 2 fatal errors") after the located errors; it adds
    // nothing when those were collected.
    if (severity == PO_SEVERITY_FATAL_ERROR && where.empty() && !t_collector->problems.empty()) return;
    t_collector->problems.push_back(where.empty() ? what : where + ": " + what);
}

// gettext-po.h says a handler must not return for PO_SEVERITY_FATAL_ERROR; its default handlers
// call exit(), which a kiosk must never do. Returning is safe for po_file_read: the only fatal
// error it raises for a syntax problem is the summary, issued after parsing has finished, and
// po_file_read then closes the file and returns normally (gettext 0.21,
// read-catalog-abstract.c: catalog_reader_parse). longjmp out instead would leak the open FILE
// and the half-built catalogue. The handlers never throw: they are called from C.
void on_xerror(int severity, po_message_t, const char* filename, std::size_t lineno, std::size_t, int,
               const char* text) noexcept {
    try {
        note(severity, filename, lineno, text);
    } catch (...) {
    }
}

void on_xerror2(int severity, po_message_t, const char* filename1, std::size_t lineno1, std::size_t, int,
                const char* text1, po_message_t, const char* filename2, std::size_t lineno2, std::size_t, int,
                const char* text2) noexcept {
    try {
        // Two locations, e.g. a duplicate msgid and where it was first defined. libgettextpo 0.21
        // gives no file for the second (it is inside message2), so it is only noted when it has one.
        note(severity, filename1, lineno1, text1);
        if (filename2 != nullptr) note(severity == PO_SEVERITY_FATAL_ERROR ? PO_SEVERITY_ERROR : severity, filename2, lineno2, text2);
    } catch (...) {
    }
}

const po_xerror_handler kHandler = {on_xerror, on_xerror2};

struct PoFileCloser {
    void operator()(po_file_t f) const { po_file_free(f); }
};
struct IteratorCloser {
    void operator()(po_message_iterator_t it) const { po_message_iterator_free(it); }
};
struct CFree {
    void operator()(char* p) const { std::free(p); }
};

Error bad_po(const std::filesystem::path& file, const std::string& what) {
    return make_error("i18n.bad_po", file.string() + ": " + what);
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string listed(std::vector<std::string_view> items) {
    if (items.empty()) return "none";
    std::string out;
    for (auto i : items) out += (out.empty() ? "" : " ") + std::string(i);
    return out;
}

std::mutex& gettextpo_mutex() {
    static std::mutex m;
    return m;
}

} // namespace

Result<core::Catalogue> load_po_catalogue(const std::filesystem::path& po_file, std::string language_tag) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(po_file, ec)) {
        std::string why = ec ? ec.message() : std::filesystem::exists(po_file, ec) ? "not a regular file" : "no such file";
        return make_error("i18n.unreadable", po_file.string() + ": cannot be read (" + why + ")");
    }

    std::lock_guard<std::mutex> lock(gettextpo_mutex());
    Collector collector;
    t_collector = &collector;
    std::unique_ptr<std::remove_pointer_t<po_file_t>, PoFileCloser> file(po_file_read(po_file.c_str(), &kHandler));
    t_collector = nullptr;
    if (!file) return make_error("i18n.unreadable", po_file.string() + ": cannot be read");
    if (!collector.problems.empty()) return make_error("i18n.bad_po", join(collector.problems));

    // po_file_read does not convert: the bytes are whatever the header declares. The app only
    // speaks UTF-8, so anything else is refused rather than shown as mojibake.
    std::unique_ptr<char, CFree> header(const_cast<char*>(po_file_domain_header(file.get(), nullptr)));
    std::unique_ptr<char, CFree> content_type(header ? po_header_field(header.get(), "Content-Type") : nullptr);
    if (!content_type || lower(content_type.get()).find("charset=utf-8") == std::string::npos)
        return bad_po(po_file, "the header entry must declare \"Content-Type: text/plain; charset=UTF-8\"");

    std::map<std::string, std::string, std::less<>> messages;
    std::unique_ptr<std::remove_pointer_t<po_message_iterator_t>, IteratorCloser> it(po_message_iterator(file.get(), nullptr));
    while (po_message_t m = po_next_message(it.get())) {
        const char* ctxt = po_message_msgctxt(m);
        std::string_view msgid = po_message_msgid(m);
        std::string_view msgstr = po_message_msgstr(m) ? po_message_msgstr(m) : "";
        if (msgid.empty() && ctxt == nullptr) continue;  // the header entry
        if (po_message_is_obsolete(m) || po_message_is_fuzzy(m) || msgstr.empty()) continue;
        if (!core::valid_utf8(msgstr))
            return bad_po(po_file, "the translation of " + quoted(msgid) + " is not valid UTF-8");
        std::string translated = core::nfc(msgstr);
        auto want = core::placeholders(msgid);
        auto got = core::placeholders(translated);
        // The same set: a translation may reorder placeholders or say one twice ("{amount} a week.
        // So we show you {amount} a week."); fill() replaces every use.
        for (auto* list : {&want, &got}) {
            std::sort(list->begin(), list->end());
            list->erase(std::unique(list->begin(), list->end()), list->end());
        }
        if (want != got)
            return bad_po(po_file, "the translation of " + quoted(msgid) + " has placeholders " + listed(got) +
                                       " but the English has " + listed(want));
        std::string key = ctxt ? core::Catalogue::context_key(ctxt, msgid) : std::string(msgid);
        messages.emplace(std::move(key), std::move(translated));
    }
    return core::Catalogue(std::move(language_tag), std::move(messages));
}

Result<std::vector<std::string>> list_languages(const std::filesystem::path& i18n_dir) {
    std::error_code ec;
    std::filesystem::directory_iterator dir(i18n_dir, ec);
    if (ec) return make_error("i18n.unreadable", i18n_dir.string() + ": cannot be read (" + ec.message() + ")");
    std::vector<std::string> tags;
    for (; dir != std::filesystem::directory_iterator(); dir.increment(ec)) {
        if (ec) break;
        std::error_code kind;
        if (dir->path().extension() == ".po" && dir->is_regular_file(kind)) tags.push_back(dir->path().stem().string());
    }
    if (ec) return make_error("i18n.unreadable", i18n_dir.string() + ": cannot be read (" + ec.message() + ")");
    std::sort(tags.begin(), tags.end());
    return tags;
}

} // namespace selfdirect::vault
