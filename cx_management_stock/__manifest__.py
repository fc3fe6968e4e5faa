{
    "name": "Customer Experience Management - Inventory",
    "summary": "The order facts of the delivery, completeness and reject metrics kept from "
    "the confirmed sales orders and their deliveries and returns",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "cx_management developers",
    "license": "LGPL-3",
    "depends": ["cx_management", "sale_stock"],
    "data": [
        "data/ir_cron_data.xml",
        "views/sale_order_views.xml",
        "views/cx_order_fact_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/cx_demo.xml"],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
