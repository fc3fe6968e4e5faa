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

registry.category("web_tour.tours").add("cx_order_drill_tour", {
    steps: () => [
        {
            content: "Open the client's Integral CSI tab",
            trigger: ".o_notebook_headers a[name='cx_management_csi']",
            run: "click",
        },
        {
            content: "Drill from the late-delivery metric to its orders",
            trigger:
                "div[name='cx_csi_value_ids'] .o_data_row:contains('1 month late') button[name='action_view_order_facts']",
            run: "click",
        },
        {
            content: "The late order is listed",
            trigger: ".o_list_view .o_data_row:contains('SO-LATE')",
        },
        {
            content: "The order shipped in its window is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('SO-ONTIME')))",
        },
        {
            content: "Open the late order",
            trigger: ".o_list_view .o_data_row:contains('SO-LATE') td[name='reference']",
            run: "click",
        },
        {
            content: "Its form says how late it was",
            trigger: ".o_form_view .o_field_widget[name='window_status']:contains('Late by up to a month')",
        },
    ],
});
