import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_csi_client_tour", {
    steps: () => [
        {
            content: "Open the client's Integral CSI tab",
            trigger: ".o_notebook_headers a[name='cx_management_csi']",
            run: "click",
        },
        {
            content: "Open the value typed earlier",
            trigger: "div[name='cx_metric_value_ids'] .o_data_row td[name='raw_value']",
            run: "click",
        },
        {
            content: "Correct the raw value",
            trigger: "div[name='cx_metric_value_ids'] .o_selected_row [name='raw_value'] input",
            run: "edit 0.5",
        },
        {
            content: "Recompute the client's CSI (saves the form first)",
            trigger: ".o_form_view button[name='action_cx_recompute_csi']",
            run: "click",
        },
        {
            content: "The CSI is shown: s = 1 - 0.5 * 4 = -1 gives CSI 1",
            trigger: ".o_field_widget[name='cx_csi'] span:contains('1.00')",
        },
        {
            content: "The breakdown marks the top detractor",
            trigger: "div[name='cx_csi_value_ids'] .o_data_row.text-danger:contains('due to price factors')",
        },
    ],
});
