// Draws the confirmation page: the reference (and a QR code of the reference only), what happens
// next with the council's service standards, and the carer's assessment offer.
#include "ui/screens/receipt_screen.h"

#include "ui/widgets/kiosk_widgets.h"
#include "ui/widgets/qr_code.h"

#include <imgui.h>

#include <algorithm>

namespace selfdirect::ui {

void draw_receipt_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    heading(reg, st, "receipt.heading", view.tr("Thank you. Your answers are saved and will be sent to the council."));
    body_text(reg, "receipt.reference",
              core::fill(view.tr("Your reference is {reference}"), {{"reference", view.receipt.reference}}));
    const float qr = std::min(ImGui::GetContentRegionAvail().x, 200.0f * st.scale);
    qr_code(reg, st, "receipt.qr", view.receipt.reference, qr);
    heading(reg, st, "receipt.next", view.tr("What happens next"));
    int n = 0;
    for (const std::string& line : view.receipt.next_steps) body_text(reg, "receipt.step." + std::to_string(++n), line);
    body_text(reg, "receipt.status",
              view.receipt.worker_will_contact
                  ? view.tr("A worker from the council will contact you to check your answers with you.")
                  : view.tr("When you contact the council, a worker will check your answers with you."));
    if (view.receipt.offer_carer_assessment) {
        ImGui::Spacing();
        heading(reg, st, "receipt.carer", view.tr("The person who helps you can have their own assessment"));
        body_text(reg, "receipt.carer.why", view.tr("Carers can get support too. They can do a carer's assessment now, "
                                                    "on this screen, or later."));
    }
}

// The carer offer sits in the footer beside Finish, so it is on screen at any text size and never
// scrolled away below the reference and the next steps.
void draw_receipt_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.finish", view.tr("Finish and clear the screen"), true))
        out.push_back(Action::of(Action::Kind::FinishAndClear));
    if (view.receipt.offer_carer_assessment) {
        const std::string_view carer = view.tr("Start a carer's assessment now");
        beside_if_room(big_button_width(carer));
        if (big_button(reg, st, "receipt.carer.start", carer))
            out.push_back(Action::of(Action::Kind::StartCarerFromReceipt));
    }
}

} // namespace selfdirect::ui
