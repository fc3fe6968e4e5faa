/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson opens an untagged complaint and tags it with one click on a suggested topic.
registry.category("web_tour.tours").add("cx_suggestion_chips_tour", {
    steps: () => [
        {
            content: "The text model suggests a topic for the reason",
            trigger: ".o_form_view .o_cx_topic_chip:contains(Test delivery)",
            run: "click",
        },
        {
            content: "The topic is added to the feedback's topics",
            trigger: ".o_form_view .o_field_widget[name=topic_ids] .o_tag:contains(Test delivery)",
        },
        {
            content: "and no longer offered",
            trigger: ".o_form_view .o_cx_suggestion_chips:not(:has(.o_cx_topic_chip:contains(Test delivery)))",
        },
        {
            content: "Save the feedback",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
