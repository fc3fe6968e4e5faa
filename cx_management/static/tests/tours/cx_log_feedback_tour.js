/** @odoo-module **/

import { registry } from "@web/core/registry";

const COMMENT = "Certificates arrive a week after the pipes.";

registry.category("web_tour.tours").add("cx_log_feedback_tour", {
    steps: () => [
        {
            content: "Log feedback from the opportunity",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_log_cx_feedback]",
            run: "click",
        },
        {
            content: "The quick form is prefilled with the opportunity's contact",
            trigger: ".modal .o_field_widget[name=partner_id] input:value(Anna Smirnova)",
        },
        {
            content: "Choose the journey stage",
            trigger: ".modal .o_field_widget[name=stage_id] input",
            run: "edit Usage",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains(Usage experience)",
            run: "click",
        },
        {
            content: "Give a CSI score",
            trigger: ".modal .o_field_widget[name=csi_score] input",
            run: "edit 2",
        },
        {
            content: "Write the reason",
            trigger: ".modal .o_field_widget[name=comment] textarea",
            run: `edit ${COMMENT}`,
        },
        {
            trigger: ".modal button[name=action_cx_feedback_saved]",
            run: "click",
        },
        {
            content: "The salesperson is told the feedback is saved",
            trigger: ".o_notification:contains(Feedback saved)",
        },
        {
            content: "The opportunity counts the new feedback",
            trigger: "body:not(:has(.modal)) .oe_stat_button[name=action_view_cx_feedback] .o_stat_value:contains(1)",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=commercial_partner_id]",
            run: "click",
        },
        {
            content: "Open the client from the feedback",
            trigger: ".o_form_view .o_field_widget[name=commercial_partner_id] a",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link:contains(Customer Experience)",
            run: "click",
        },
        {
            content: "The feedback is on the client's CX tab",
            trigger: `.o_field_widget[name=cx_feedback_ids] .o_data_row:contains(${COMMENT})`,
        },
    ],
});
