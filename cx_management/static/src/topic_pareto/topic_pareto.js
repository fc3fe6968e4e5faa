/** @odoo-module **/
/* global Chart */

import { Component, onWillStart, onWillUpdateProps, useEffect, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { SearchBar } from "@web/search/search_bar/search_bar";
import { WithSearch } from "@web/search/with_search/with_search";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const MODEL = "cx.topic.report";
const THRESHOLD = 80;

/**
 * The Pareto chart of the topics matching the search: main topics as bars, largest first,
 * the cumulative share as a line on a 0-100 % axis and the 80 % mark. The rows come from
 * cx.topic.report.get_pareto_chart() (tools/pareto.py computes them); a bar or a row of the
 * table opens the feedback behind it.
 */
export class TopicParetoChart extends Component {
    static template = "cx_management.TopicParetoChart";
    static props = { domain: Array };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.canvasRef = useRef("canvas");
        this.rows = [];
        this.chart = null;
        this.threshold = THRESHOLD;
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load(this.props.domain);
        });
        onWillUpdateProps((nextProps) => this.load(nextProps.domain));
        useEffect(
            () => {
                this.renderChart();
                return () => {
                    this.chart?.destroy();
                    this.chart = null;
                };
            },
            () => [this.rows]
        );
    }

    async load(domain) {
        this.rows = await this.orm.call(MODEL, "get_pareto_chart", [domain]);
    }

    formatShare(value) {
        return `${value.toFixed(1)} %`;
    }

    renderChart() {
        if (!this.rows.length || !this.canvasRef.el) {
            return;
        }
        const rows = this.rows;
        this.chart = new Chart(this.canvasRef.el, {
            type: "bar",
            data: {
                labels: rows.map((row) => row.name),
                datasets: [
                    {
                        type: "bar",
                        label: _t("Feedback"),
                        data: rows.map((row) => row.mentions),
                        backgroundColor: "#1F4E78",
                        yAxisID: "y",
                        order: 3,
                    },
                    {
                        type: "line",
                        label: _t("Cumulative share, %"),
                        data: rows.map((row) => row.cumulative_share),
                        borderColor: "#C00000",
                        backgroundColor: "#C00000",
                        yAxisID: "share",
                        order: 1,
                    },
                    {
                        type: "line",
                        label: _t("80 % mark"),
                        data: rows.map(() => THRESHOLD),
                        borderColor: "#7F7F7F",
                        borderDash: [6, 4],
                        borderWidth: 1,
                        pointRadius: 0,
                        pointHitRadius: 0,
                        yAxisID: "share",
                        order: 2,
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: {
                    y: {
                        position: "left",
                        beginAtZero: true,
                        ticks: { precision: 0 },
                        title: { display: true, text: _t("Feedback") },
                    },
                    share: {
                        position: "right",
                        min: 0,
                        max: 100,
                        grid: { drawOnChartArea: false },
                        ticks: { callback: (value) => `${value} %` },
                        title: { display: true, text: _t("Cumulative share, %") },
                    },
                },
                plugins: { legend: { position: "bottom" } },
                onClick: (event, elements) => {
                    const bar = elements.find((element) => element.datasetIndex === 0);
                    const index = bar ? bar.index : elements[0]?.index;
                    if (index !== undefined) {
                        this.openFeedback(rows[index]);
                    }
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
            },
        });
    }

    async openFeedback(row) {
        const action = await this.orm.call(MODEL, "action_view_pareto_feedback", [
            this.props.domain,
            row.topic_id,
        ]);
        this.actionService.doAction(action);
    }
}

export class TopicPareto extends Component {
    static template = "cx_management.TopicPareto";
    static components = { Layout, SearchBar, TopicParetoChart, WithSearch };
    static props = { ...standardActionServiceProps };

    setup() {
        this.actionService = useService("action");
        this.env.config.setDisplayName(this.props.action.name);
        this.withSearchProps = {
            resModel: MODEL,
            searchViewId: false,
            context: {
                search_default_complaint_topics: 1,
                ...(this.props.action.context || {}),
            },
            globalState: this.props.globalState,
            searchMenuTypes: ["filter", "favorite"],
            loadIrFilters: true,
        };
    }

    openProcesses() {
        // the focus processes: the processes the complaints of these topics point at
        this.actionService.doAction("cx_management.cx_process_report_action");
    }

    openDetails(domain) {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            name: _t("Topic Frequency"),
            res_model: MODEL,
            views: [
                [false, "list"],
                [false, "pivot"],
            ],
            domain,
            context: { search_default_group_root_topic: 1, search_default_group_topic: 1 },
        });
    }
}

registry.category("actions").add("cx_management.topic_pareto", TopicPareto);
