/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_sale_requirement_tour", {
    steps: () => [
        {
            content: "The order warns about the client's requirements",
            trigger: ".o_form_view .o_cx_requirement_banner[role=alert]:contains(2)",
        },
        {
            content: "Open the requirements tab",
            trigger: ".o_notebook_headers a[name=cx_requirements]",
            run: "click",
        },
        {
            content: "The client's standing requirement is listed",
            trigger: ".o_field_widget[name=cx_requirement_ids] .o_data_row:contains(Pallets only)",
        },
        {
            content: "and the order's own",
            trigger: ".o_field_widget[name=cx_requirement_ids] .o_data_row:contains(Certificates with the pipes)",
        },
    ],
});
