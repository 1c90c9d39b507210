// enableWhen target and cycle checks (see questionnaire_checks.h).
#include "core/questionnaire_checks.h"

#include <algorithm>
#include <map>
#include <vector>

namespace selfdirect::core {
namespace {

struct Node {
    std::vector<std::string> depends_on; // the parent first, then enableWhen questions
    int colour = 0;                      // 0 unvisited, 1 on the current path, 2 done
};

void index(const std::vector<Item>& items, const std::string& parent, std::map<std::string, Node>& out) {
    for (const Item& item : items) {
        Node& n = out[item.link_id];
        if (!parent.empty()) n.depends_on.push_back(parent);
        for (const EnableWhen& e : item.enable_when) n.depends_on.push_back(e.question);
        index(item.items, item.link_id, out);
    }
}

std::string missing_target(const std::vector<Item>& items, const std::map<std::string, Node>& graph) {
    for (const Item& item : items) {
        for (const EnableWhen& e : item.enable_when)
            if (!graph.count(e.question)) return "item '" + item.link_id + "' has an enableWhen on '" + e.question + "', which is not an item of this form";
        if (auto m = missing_target(item.items, graph); !m.empty()) return m;
    }
    return {};
}

// Depth-first search; on meeting a node already on the path, `path` from that node is the cycle.
bool find_cycle(const std::string& id, std::map<std::string, Node>& graph, std::vector<std::string>& path) {
    Node& n = graph[id];
    if (n.colour == 2) return false;
    path.push_back(id);
    if (n.colour == 1) return true;
    n.colour = 1;
    for (const std::string& next : n.depends_on)
        if (find_cycle(next, graph, path)) return true;
    n.colour = 2;
    path.pop_back();
    return false;
}

} // namespace

Result<void> check_enable_when(const Questionnaire& q, const std::string& source) {
    std::map<std::string, Node> graph;
    index(q.items, "", graph);
    if (auto m = missing_target(q.items, graph); !m.empty()) return make_error("form.enable_when", source + ": " + m);
    for (auto& [id, node] : graph) {
        std::vector<std::string> path;
        if (!find_cycle(id, graph, path)) continue;
        auto start = std::find(path.begin(), path.end(), path.back());
        std::string chain;
        for (auto it = start; it != path.end(); ++it) chain += (chain.empty() ? "'" : " -> '") + *it + "'";
        return make_error("form.enable_when", source + ": enableWhen cycle: " + chain +
                                                  " (each item's enablement depends on the next, through enableWhen or its parent)");
    }
    return {};
}

} // namespace selfdirect::core
