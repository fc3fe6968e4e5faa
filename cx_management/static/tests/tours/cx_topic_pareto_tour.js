/** @odoo-module **/
/* global Chart */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_topic_pareto_tour", {
    steps: () => [
        {
            content: "The Pareto chart is drawn, with its table of main topics",
            trigger: ".o_cx_pareto .o_cx_pareto_canvas canvas",
        },
        {
            content: "The search is there, with its default filter, so the user can change it",
            trigger: ".o_control_panel .o_searchview .o_searchview_facet",
        },
        {
            content: "Complaint topics only, by default: Quality first",
            trigger: ".o_cx_pareto_row:first .o_cx_pareto_topic:contains(Quality)",
        },
        {
            content: "Quality counts 3 feedback (the one tagged Quality and Defects once): 75 %",
            trigger:
                ".o_cx_pareto_row:first[data-mentions='3'] .o_cx_pareto_cumulative:contains(75.0 %)",
        },
        {
            content: "Bars sorted largest first, the cumulative line ends at 100 %",
            trigger: ".o_cx_pareto_row:last .o_cx_pareto_cumulative:contains(100.0 %)",
            run() {
                const rows = [...document.querySelectorAll(".o_cx_pareto_row")];
                const table = rows.map((row) => Number(row.dataset.mentions));
                const chart = Chart.getChart(document.querySelector(".o_cx_pareto canvas"));
                const [bars, line, mark] = chart.data.datasets;
                const sorted = [...bars.data].sort((a, b) => b - a);
                if (JSON.stringify(bars.data) !== JSON.stringify(sorted)) {
                    throw new Error(`bars not sorted: ${bars.data}`);
                }
                if (JSON.stringify(bars.data) !== JSON.stringify(table)) {
                    throw new Error(`bars ${bars.data} differ from the table ${table}`);
                }
                if (line.type !== "line" || Math.abs(line.data.at(-1) - 100) > 1e-9) {
                    throw new Error(`cumulative line does not end at 100 %: ${line.data}`);
                }
                if (line.data.some((value, i) => i && value < line.data[i - 1])) {
                    throw new Error(`cumulative line goes down: ${line.data}`);
                }
                if (mark.data.some((value) => value !== 80)) {
                    throw new Error(`no 80 % mark: ${mark.data}`);
                }
                if (document.querySelector(".o_cx_pareto_table").textContent.includes("Praise")) {
                    throw new Error("praise is ranked among the problems");
                }
            },
        },
        {
            content: "Click the first bar: the feedback behind it opens",
            trigger: ".o_cx_pareto canvas",
            run() {
                const canvas = document.querySelector(".o_cx_pareto canvas");
                const chart = Chart.getChart(canvas);
                const bar = chart.getDatasetMeta(0).data[0];
                const rect = canvas.getBoundingClientRect();
                const point = {
                    clientX: rect.left + bar.x,
                    clientY: rect.top + (bar.y + bar.base) / 2,
                    bubbles: true,
                };
                canvas.dispatchEvent(new MouseEvent("mousemove", point));
                canvas.dispatchEvent(new MouseEvent("click", point));
            },
        },
        {
            content: "The three Quality complaints, each once",
            trigger: ".o_list_view:not(:has(.o_data_row:eq(3))) .o_data_row:eq(2)",
        },
        {
            trigger: ".o_breadcrumb:contains(Quality)",
        },
    ],
});
