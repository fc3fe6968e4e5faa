import { Component, onMounted, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { router } from "@web/core/browser/router";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { useSetupAction } from "@web/search/action_hook";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The CX dashboard: every figure comes from one server call (cx.dashboard.get_dashboard_data)
 * and opens the records behind it; the chosen period is kept in the URL.
 */
export class CxDashboard extends Component {
    static template = "cx_management.CxDashboard";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.canvas = useRef("trend");
        this.state = useState({ data: null });
        const params = this.props.action.params || this.props.action.context.params || {};
        useSetupAction({
            getLocalState: () => ({ period: this.state.data?.period.date_to }),
        });
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load(this.props.state?.period || params.period || null);
        });
        useEffect(
            () => {
                router.pushState({ period: this.state.data?.period.date_to });
                this.renderChart();
            },
            () => [this.state.data]
        );
        onMounted(() => this.renderChart());
        onWillUnmount(() => this.chart?.destroy());
    }

    async load(periodEnd) {
        this.state.data = await this.orm.call("cx.dashboard", "get_dashboard_data", [], {
            period_end: periodEnd,
        });
    }

    onPeriodChange(ev) {
        this.load(ev.target.value);
    }

    open(target) {
        const action = {
            type: "ir.actions.act_window",
            name: target.name,
            res_model: target.res_model,
            domain: target.domain,
            views: target.views,
            target: "current",
        };
        if (target.res_id) {
            action.res_id = target.res_id;
        }
        return this.actionService.doAction(action);
    }

    /** A figure in the user's language (decimal comma in Russian), "–" when unknown. */
    format(value, digits = 2) {
        return value === null || value === undefined
            ? "–"
            : formatFloat(value, { digits: [16, digits] });
    }

    signed(value, digits = 2) {
        return (value > 0 ? "+" : "") + this.format(value, digits);
    }

    renderChart() {
        const data = this.state.data;
        if (!data || !this.canvas.el) {
            return;
        }
        this.chart?.destroy();
        const trend = data.trend;
        this.chart = new Chart(this.canvas.el, {
            type: "line",
            data: {
                labels: trend.map((period) => period.label),
                datasets: [
                    {
                        label: _t("Integral CSI (1-5)"),
                        data: trend.map((period) => period.csi),
                        yAxisID: "csi",
                        borderColor: "#017e84",
                        backgroundColor: "#017e84",
                        spanGaps: true,
                    },
                    {
                        label: _t("Account NPS (-100 to 100)"),
                        data: trend.map((period) => period.nps),
                        yAxisID: "nps",
                        borderColor: "#875a7b",
                        backgroundColor: "#875a7b",
                        spanGaps: true,
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: {
                    csi: { type: "linear", position: "left", min: 1, max: 5 },
                    nps: {
                        type: "linear",
                        position: "right",
                        min: -100,
                        max: 100,
                        grid: { drawOnChartArea: false },
                    },
                },
                onClick: (_event, elements) => {
                    if (elements.length) {
                        const { datasetIndex, index } = elements[0];
                        const period = trend[index];
                        this.open(datasetIndex === 0 ? period.open_csi : period.open_nps);
                    }
                },
            },
        });
    }
}

registry.category("actions").add("cx_management.dashboard", CxDashboard);
