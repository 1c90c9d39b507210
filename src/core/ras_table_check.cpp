// Checks a RAS table against the form it scores (see check_ras_table in ras_table.h): a table that
// names a question the form does not have, or an option without points, would otherwise score
// silently as zero and under-fund someone.
#include "core/ras_table.h"

#include <algorithm>
#include <map>

namespace selfdirect::core {
namespace {

struct Checker {
    const RasTable& table;
    const Questionnaire& q;
    std::string source;

    Error fail(const std::string& what) const {
        return make_error("ras.binding", source + ": table " + table.id + " v" + table.version + ": " + what);
    }

    Result<const Item*> choice_item(const std::string& link_id, const std::string& role) const {
        const Item* item = find_item(q, link_id);
        if (!item) return fail(role + " item '" + link_id + "' is not in questionnaire " + q.id);
        if (item->type != ItemType::Choice || item->options.empty())
            return fail(role + " item '" + link_id + "' must be a choice question with answer options");
        return item;
    }

    static bool has_option(const Item& item, const std::string& code) {
        return std::any_of(item.options.begin(), item.options.end(), [&](const AnswerOption& o) { return o.code == code; });
    }

    // Every option of `item` is keyed in `values`, and every key is an option of `item`.
    Result<void> covers(const Item& item, const std::vector<std::pair<std::string, Rational>>& values,
                        const std::string& what) const {
        for (const AnswerOption& o : item.options) {
            bool found = std::any_of(values.begin(), values.end(), [&](const auto& v) { return v.first == o.code; });
            if (!found) return fail("option '" + o.code + "' of item '" + item.link_id + "' has no " + what + " in the table");
        }
        for (const auto& [code, value] : values)
            if (!has_option(item, code)) return fail(what + " '" + code + "' is not an option of item '" + item.link_id + "'");
        return {};
    }

    Result<void> scored_sections() const {
        std::map<std::string, std::string> section_of;
        for (const RasSection& s : table.sections) {
            Rational max = 0;
            for (const std::string& link_id : s.items) {
                if (auto [it, fresh] = section_of.emplace(link_id, s.id); !fresh)
                    return fail("item '" + link_id + "' is in section " + it->second + " and section " + s.id);
                auto item = choice_item(link_id, "section " + s.id);
                if (!item) return item.error();
                Rational item_max = 0;
                for (const AnswerOption& o : item.value()->options) {
                    if (!o.score)
                        return fail("option '" + o.code + "' of scored item '" + link_id + "' has no points (ordinalValue)");
                    auto points = points_from_double(*o.score);
                    if (!points || points->is_negative())
                        return fail("option '" + o.code + "' of item '" + link_id +
                                    "' has points that are not a decimal of at most 4 places, 0 or more");
                    item_max = std::max(item_max, *points);
                }
                max += item_max;
            }
            if (s.max_points && !(*s.max_points == max))
                return fail("section " + s.id + " says maxPoints " + s.max_points->to_decimal() + " but its items add up to " +
                            max.to_decimal());
        }
        return {};
    }

    Result<void> informal_support() const {
        if (!table.informal_support) return {};
        const InformalSupport& s = *table.informal_support;
        for (const auto& [section, link_id] : s.share_items) {
            auto item = choice_item(link_id, "share");
            if (!item) return item.error();
            if (auto r = covers(*item.value(), s.shares, "share"); !r) return r;
        }
        auto item = choice_item(s.sustainability_item, "sustainability");
        if (!item) return item.error();
        return covers(*item.value(), s.factors, "factor");
    }

    Result<void> panel_rules() const {
        for (const PanelRule& rule : table.panel_rules) {
            for (const AnswerCondition& c : rule.all_of) {
                auto item = choice_item(c.link_id, "panel rule " + rule.id);
                if (!item) return item.error();
                for (const std::string& code : c.codes)
                    if (!has_option(*item.value(), code))
                        return fail("panel rule " + rule.id + ": '" + code + "' is not an option of item '" + c.link_id + "'");
            }
        }
        return {};
    }
};

} // namespace

Result<void> check_ras_table(const RasTable& table, const Questionnaire& q, std::string_view source) {
    const Checker c{table, q, std::string(source)};
    if (q.id != table.questionnaire_id)
        return c.fail("scores questionnaire '" + table.questionnaire_id + "', but the form is '" + q.id + "'");
    if (!table.questionnaire_version.empty() && q.version != table.questionnaire_version)
        return c.fail("scores version " + table.questionnaire_version + " of " + q.id + ", but the form is version " +
                      (q.version.empty() ? std::string("(none)") : q.version));
    if (auto r = c.scored_sections(); !r) return r;
    if (auto r = c.informal_support(); !r) return r;
    return c.panel_rules();
}

} // namespace selfdirect::core
