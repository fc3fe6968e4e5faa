/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_workbook_tour", {
    steps: () => [
        {
            content: "Open the reporting menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='cx_management.cx_management_menu_reporting']",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(CX Workbook)",
            run: "click",
        },
        {
            content: "The workbook wizard offers the sections, all ticked",
            trigger: ".modal .o_field_widget[name=section_pareto] input:checked",
        },
        {
            content: "Leave out the revenue at risk",
            trigger: ".modal .o_field_widget[name=section_revenue] input",
            run: "click",
        },
        {
            content: "Download the workbook",
            trigger: ".modal .modal-footer button[name=action_export]",
            run: "click",
        },
        {
            content: "The wizard closes once the file is built",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
