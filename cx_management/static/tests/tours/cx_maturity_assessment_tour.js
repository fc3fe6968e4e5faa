/** @odoo-module **/

import { registry } from "@web/core/registry";

const ANSWERS = ".o_field_widget[name=answer_collection_ids]";

function answerYes(row) {
    return [
        {
            content: `Answer question ${row + 1} of the collection`,
            trigger: `${ANSWERS} .o_data_row:eq(${row}) td[name=answer]`,
            run: "click",
        },
        {
            trigger: `${ANSWERS} .o_data_row:eq(${row}) td[name=answer] select`,
            run: 'select "yes"',
        },
    ];
}

registry.category("web_tour.tours").add("cx_maturity_assessment_tour", {
    steps: () => [
        {
            content: "The questionnaire starts on the collection of feedback",
            trigger: ".o_form_view .o_notebook .nav-link.active:contains(Collection of feedback)",
        },
        ...answerYes(0),
        ...answerYes(1),
        {
            content: "Note what supports the answer",
            trigger: `${ANSWERS} .o_data_row:eq(1) td[name=note] input`,
            run: "edit Quarterly survey of all key accounts",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The collection reaches level 1",
            trigger: ".o_form_view .o_field_widget[name=level_collection]:contains(1)",
        },
        {
            content: "Finish the assessment",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            content: "The assessment is done and can no longer be finished",
            trigger:
                ".o_form_view:not(:has(button[name=action_done])) .o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
    ],
});
