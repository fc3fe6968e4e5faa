import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_action_manager_tour", {
    steps: () => [
        {
            content: "Create an improvement action from the complaint",
            trigger: ".o_form_view button[name='action_create_cx_action']",
            run: "click",
        },
        {
            content: "The new action is prefilled from the feedback",
            trigger: ".o_form_view .o_field_widget[name='origin']",
        },
        {
            content: "Give the action a title",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Certificates travel with the pipes",
        },
        {
            content: "Set a deadline",
            trigger: ".o_form_view .o_field_widget[name='date_deadline'] input",
            run: "edit 06/30/2030",
        },
        {
            content: "Open the texts for the client",
            trigger: ".o_notebook_headers a[name='client']",
            run: "click",
        },
        {
            content: "Write what the client will read",
            trigger: ".o_field_widget[name='client_summary'] .odoo-editor-editable",
            run: "editor We now attach the quality certificates to every waybill.",
        },
        {
            content: "Publish the action in the client's portal",
            trigger: ".o_form_view button[name='action_publish']",
            run: "click",
        },
        {
            content: "The action is published",
            trigger: ".o_form_view button[name='action_unpublish']",
        },
    ],
});

registry.category("web_tour.tours").add("cx_action_portal_tour", {
    url: "/my/cx/actions",
    steps: () => [
        {
            content: "Open the action from the list",
            trigger: "a:contains('Certificates with every shipment')",
            run: "click",
        },
        {
            content: "The page shows the stage as a progress bar",
            trigger: ".o_cx_action_progress .o_cx_action_step_current:contains('In progress')",
        },
        {
            content: "Write an answer in the chatter",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Thank you, the certificates came with today's delivery.",
        },
        {
            content: "Send it",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer is in the chatter",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('came with today')",
        },
    ],
});
