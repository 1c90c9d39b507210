// Lookup rules for the widget registry (see the header).
#include "ui/widget_registry.h"

namespace selfdirect::ui {

const RegisteredControl* WidgetRegistry::find(std::string_view id_or_label) const {
    for (const auto& c : current_)
        if (c.id == id_or_label) return &c;
    for (const auto& c : current_)
        if (c.interactive && c.label == id_or_label) return &c;
    for (const auto& c : current_)
        if (c.interactive && c.label.find(id_or_label) != std::string::npos) return &c;
    return nullptr;
}

bool WidgetRegistry::shows_text(std::string_view text) const {
    for (const auto& c : current_)
        if (c.label.find(text) != std::string::npos) return true;
    return false;
}

} // namespace selfdirect::ui
