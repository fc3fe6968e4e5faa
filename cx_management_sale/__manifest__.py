{
    "name": "Customer Experience Management - Sales",
    "summary": "Client requirements on sales orders, and the annual revenue of the revenue at "
    "risk from the confirmed sales orders of the last 12 months",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "cx_management developers",
    "license": "LGPL-3",
    "depends": ["cx_management", "sale"],
    "data": [
        "views/cx_requirement_views.xml",
        "views/sale_order_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cx_management_sale/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
