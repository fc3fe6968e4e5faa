import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";

const reload = {
    content: "Reload the page",
    trigger: "body",
    expectUnloadPage: true,
    run() {
        window.location.reload();
    },
};

registry.category("web_tour.tours").add("cx_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows the current quarter's focus processes",
            trigger: ".o_cx_dashboard .o_cx_dashboard_focus td a:contains('Production')",
        },
        {
            content: "Choose the previous period",
            trigger: ".o_cx_dashboard select.o_cx_dashboard_period",
            run: "selectByIndex 6",
        },
        {
            content: "The previous period has no complaint",
            trigger: ".o_cx_dashboard .o_cx_dashboard_complaints:contains('0')",
        },
        reload,
        {
            content: "The chosen period survives the reload",
            trigger: ".o_cx_dashboard .o_cx_dashboard_complaints:contains('0')",
        },
        {
            content: "Back to the current period",
            trigger: ".o_cx_dashboard select.o_cx_dashboard_period",
            run: "selectByIndex 7",
        },
        {
            content: "The current period's three complaints are back",
            trigger: ".o_cx_dashboard .o_cx_dashboard_complaints:contains('3')",
        },
        {
            content: "Open the overdue actions",
            trigger: ".o_cx_dashboard a.o_cx_dashboard_overdue_actions:contains('1')",
            run: "click",
        },
        {
            content: "The overdue action is listed, and only it",
            trigger: ".o_list_view .o_data_row:contains('Send certificates with the shipment')",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 1) {
                    throw new Error(`expected the 1 overdue action, got ${rows.length} rows`);
                }
            },
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb a:contains('CX Dashboard')",
            run: "click",
        },
        {
            content: "Open the production complaints",
            trigger: ".o_cx_dashboard .o_cx_dashboard_focus td a:contains('Production')",
            run: "click",
        },
        {
            content: "The two production complaints are listed",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 2) {
                    throw new Error(`expected 2 complaints, got ${rows.length} rows`);
                }
            },
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb a:contains('CX Dashboard')",
            run: "click",
        },
        reload,
        {
            content: "The dashboard is back after the reload",
            trigger: ".o_cx_dashboard .o_cx_dashboard_focus td a:contains('Production')",
        },
    ],
});

registry.category("web_tour.tours").add("cx_overview_reload_tour", {
    steps: () => [
        {
            content: "The app opens on its dashboard",
            trigger: ".o_cx_dashboard .o_cx_dashboard_period",
        },
        {
            content: "Open the Overview",
            trigger: ".o_main_navbar [data-menu-xmlid='cx_management.cx_overview_menu']",
            run: "click",
        },
        {
            content: "The overview is shown",
            trigger: ".o_form_view .o_field_widget[name='cx_csi_distribution_html']",
        },
        reload,
        {
            content: "After the reload it is still the overview, not the company form",
            trigger: ".o_form_view .o_field_widget[name='cx_csi_distribution_html']",
            run() {
                if (!window.location.pathname.includes("cx-overview")) {
                    throw new Error(`the overview's address is ${window.location.pathname}`);
                }
                if (document.querySelector(".o_form_view .o_notebook")) {
                    throw new Error("the plain company form came back after the reload");
                }
            },
        },
    ],
});

const WALK_KEY = "cx_management.menu_walk";
const SHOWN = ".o_action_manager > .o_action, .modal .o_form_view";

function noError() {
    if (document.querySelector(".o_error_dialog")) {
        throw new Error("an error dialog is shown");
    }
}

/** Four steps per menu of the list the first step stored: open it, see it, reload, see it. */
function walkSteps() {
    const menus = JSON.parse(browser.sessionStorage.getItem(WALK_KEY) || "[]");
    return menus.flatMap(([actionId, name]) => [
        {
            content: `Open the menu ${name}`,
            trigger: "body",
            expectUnloadPage: true,
            run() {
                window.location.href = `/odoo/action-${actionId}`;
            },
        },
        { content: `${name} is shown`, trigger: SHOWN, run: noError },
        { ...reload, content: `Reload ${name}` },
        { content: `${name} is shown again after the reload`, trigger: SHOWN, run: noError },
    ]);
}

/**
 * Every menu of the addon the user sees, opened by its address and reloaded; the tour fails
 * on any client error. The menus come from the user's menu service (their groups apply).
 */
registry.category("web_tour.tours").add("cx_menu_walk_tour", {
    steps: () => [
        {
            content: "List the addon's menus that open an action",
            trigger: ".o_main_navbar",
            expectUnloadPage: true,
            run() {
                const menus = odoo.__WOWL_DEBUG__.root.env.services.menu
                    .getAll()
                    .filter((menu) => menu.xmlid?.startsWith("cx_management.") && menu.actionID)
                    .map((menu) => [menu.actionID, menu.name]);
                browser.sessionStorage.setItem(WALK_KEY, JSON.stringify(menus));
                console.log(`cx menu walk: ${menus.length} menus`);
                window.location.reload();
            },
        },
        ...walkSteps(),
        {
            content: "Every menu was opened and reloaded",
            trigger: "body",
            run() {
                browser.sessionStorage.removeItem(WALK_KEY);
            },
        },
    ],
});
