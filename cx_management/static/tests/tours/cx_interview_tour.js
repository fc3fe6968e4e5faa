/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_interview_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_notebook .nav-link:contains(Customer Experience)",
            run: "click",
        },
        {
            content: "Start an interview from the client",
            trigger: ".o_form_view .o_notebook button[name=action_cx_interview]",
            run: "click",
        },
        {
            content: "Choose the contact interviewed",
            trigger: ".modal .o_field_widget[name=contact_id] input",
            run: "edit Anna",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains(Anna Smirnova)",
            run: "click",
        },
        {
            content: "The technical buyer's stages are the rows",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Evaluation and deal)",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:nth-child(1) td[name=csi_score]",
            run: "click",
        },
        {
            content: "Score the first stage",
            trigger: ".modal .o_data_row.o_selected_row .o_field_widget[name=csi_score] input",
            run: "edit 2",
        },
        {
            trigger: ".modal .o_data_row.o_selected_row .o_field_widget[name=comment] textarea",
            run: "edit Offers take two weeks.",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:nth-child(2) td[name=csi_score]",
            run: "click",
        },
        {
            content: "Score the second stage",
            trigger: ".modal .o_data_row.o_selected_row:nth-child(2) .o_field_widget[name=csi_score] input",
            run: "edit 5",
        },
        {
            trigger: ".modal .o_data_row.o_selected_row .o_field_widget[name=comment] textarea",
            run: "edit Good quality.",
        },
        {
            content: "Save the interview",
            trigger: ".modal footer button[name=action_save]",
            run: "click",
        },
        {
            content: "The two feedback records are shown",
            trigger: "body:not(:has(.modal)) .o_list_view:not(:has(.o_data_row:nth-child(3))) .o_data_row:nth-child(2)",
        },
    ],
});
