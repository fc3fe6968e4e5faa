/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_requirement_tour", {
    steps: () => [
        {
            content: "Record the feedback's reason as a client requirement",
            trigger: ".o_form_view button[name=action_record_requirement]",
            run: "click",
        },
        {
            content: "The requirement is prefilled with the client",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Sibir Pipe Works)",
        },
        {
            content: "and with the contact's words",
            trigger: ".o_form_view .o_field_widget[name=name] textarea:value(Pipes must come with end caps.)",
        },
        {
            content: "Say how important it is",
            trigger: ".o_form_view .o_field_widget[name=importance] input",
            run: "edit 5",
        },
        {
            content: "Save the requirement",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The requirement is saved",
            trigger: ".o_breadcrumb .active:contains(Sibir Pipe Works)",
        },
        {
            content: "Point at the opportunity of the specification",
            trigger: ".o_form_view .o_field_widget[name=lead_id] input",
            run: "click",
        },
        {
            content: "Open the opportunity of the specification",
            trigger: ".o_form_view .o_field_widget[name=lead_id] .o_external_button",
            run: "click",
        },
        {
            content: "The opportunity warns about the requirement",
            trigger: ".o_form_view .o_cx_requirement_banner[role=alert]:contains(1)",
        },
        {
            content: "Open the requirements tab",
            trigger: ".o_notebook_headers a[name=cx_requirements]",
            run: "click",
        },
        {
            content: "The requirement is listed",
            trigger: ".o_field_widget[name=cx_requirement_ids] .o_data_row:contains(end caps)",
        },
    ],
});
