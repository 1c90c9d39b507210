// Contained ValueSet reading (see questionnaire_value_sets.h). Scores may sit on the concept
// (ordinalValue / itemWeight), as in the published PHQ-9.
#include "core/questionnaire_value_sets.h"

#include "core/questionnaire_extensions.h"

namespace selfdirect::core {
namespace {

using nlohmann::json;

Translations designations(const json& entry) {
    Translations out = ext::translations(entry, "display");
    auto list = entry.find("designation");
    if (list == entry.end() || !list->is_array()) return out;
    for (const json& d : *list) {
        const std::string lang = ext::string_member(d, "language"), value = ext::string_member(d, "value");
        if (!lang.empty() && !value.empty()) out.emplace(lang, value);
    }
    return out;
}

struct Reader {
    const std::string& source;
    std::string vs_id;

    Result<AnswerOption> option(const json& entry, const std::string& system) {
        Coding c{system, ext::string_member(entry, "code"), ext::string_member(entry, "display")};
        if (c.code.empty())
            return make_error("form.item", source + ": ValueSet '#" + vs_id + "' has a concept without a code");
        AnswerOption o;
        o.system = c.system;
        o.code = c.code;
        o.display = c.display.empty() ? c.code : c.display;
        o.score = ext::score(entry);
        o.display_translations = designations(entry);
        o.value = std::move(c);
        return o;
    }

    // expansion.contains may nest (a hierarchy); every entry with a code is an option.
    Result<void> contains(const json& list, std::vector<AnswerOption>& out) {
        if (!list.is_array()) return {};
        for (const json& entry : list) {
            if (!entry.is_object()) continue;
            if (!ext::string_member(entry, "code").empty() || !entry.contains("contains")) {
                auto o = option(entry, ext::string_member(entry, "system"));
                if (!o) return o.error();
                out.push_back(std::move(*o));
            }
            if (auto nested = entry.find("contains"); nested != entry.end())
                if (auto r = contains(*nested, out); !r) return r;
        }
        return {};
    }

    Result<std::vector<AnswerOption>> read(const json& vs) {
        std::vector<AnswerOption> out;
        if (auto exp = vs.find("expansion"); exp != vs.end() && exp->is_object()) {
            if (auto list = exp->find("contains"); list != exp->end())
                if (auto r = contains(*list, out); !r) return r.error();
            if (!out.empty()) return out;
        }
        auto compose = vs.find("compose");
        if (compose == vs.end() || !compose->is_object()) return out;
        auto includes = compose->find("include");
        if (includes == compose->end() || !includes->is_array()) return out;
        for (const json& inc : *includes) {
            auto concepts = inc.is_object() ? inc.find("concept") : inc.end();
            if (!inc.is_object() || concepts == inc.end() || !concepts->is_array()) continue;
            const std::string system = ext::string_member(inc, "system");
            for (const json& entry : *concepts) {
                auto o = option(entry, system);
                if (!o) return o.error();
                out.push_back(std::move(*o));
            }
        }
        return out;
    }
};

} // namespace

Result<ContainedValueSets> read_contained_value_sets(const json& questionnaire, const std::string& source) {
    ContainedValueSets out;
    auto contained = questionnaire.find("contained");
    if (contained == questionnaire.end() || !contained->is_array()) return out;
    for (const json& resource : *contained) {
        if (ext::string_member(resource, "resourceType") != "ValueSet") continue;
        const std::string id = ext::string_member(resource, "id");
        if (id.empty()) continue;
        Reader reader{source, id};
        auto options = reader.read(resource);
        if (!options) return options.error();
        out[id] = std::move(*options);
    }
    return out;
}

} // namespace selfdirect::core
