/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_topic_pareto_tour", {
    steps: () => [
        {
            content: "The main topic with most mentions comes first, with its share",
            trigger: ".o_list_view .o_group_header:first:contains(Quality):contains(75.0)",
        },
        {
            content: "The last main topic closes the cumulative share at 100 %",
            trigger: ".o_list_view .o_group_header:last:contains(100.0)",
        },
        {
            content: "Open the main topic: its sub-topics, largest first",
            trigger: ".o_list_view .o_group_header:first .o_group_name",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:eq(1):contains(Defects and faults):contains(66.7)",
        },
    ],
});
