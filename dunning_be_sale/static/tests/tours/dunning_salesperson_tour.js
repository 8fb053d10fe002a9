import { registry } from "@web/core/registry";

// A salesperson opens a customer that the payment reminders reached: the
// chronic late payer warning shows, not the payment figures; then the
// customer's orders.
function openCustomerAndOrders() {
    return [
        {
            content: "The customer's form warns of a chronic late payer",
            trigger: ".o_form_view .alert-warning:contains('Chronic late payer')",
        },
        {
            content: "Open the customer's quotations and orders",
            trigger: ".o_form_view .oe_stat_button:has(.o_stat_text:contains('Sales'))",
            run: "click",
        },
        {
            content: "The customer's quotation and its invoiced order",
            trigger: ".o_list_view .o_data_row:contains('Fully Invoiced')",
        },
    ];
}

// Without Invoicing rights: the customer's figures and reminders stay hidden;
// the quotation carries the warning too.
registry.category("web_tour.tours").add("dunning_be_sale_salesperson", {
    steps: () => [
        {
            content: "No payment behaviour tab, no reminders button",
            trigger:
                ".o_form_view:not(:has(.o_notebook .nav-link[name=dunning_behaviour])):not(:has(button[name=action_open_dunning_reminders]))",
        },
        ...openCustomerAndOrders(),
        {
            content: "Open the quotation",
            trigger: ".o_data_row:contains('Nothing to Invoice') .o_data_cell:first",
            run: "click",
        },
        {
            content: "The quotation warns of a chronic late payer",
            trigger: ".o_form_view .alert-warning:contains('Chronic late payer')",
        },
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

// A salesperson who also invoices (Sales and Invoicing rights) opens the
// order's invoice: its reminder level and reminders show, without error.
registry.category("web_tour.tours").add("dunning_be_sale_salesperson_invoice", {
    steps: () => [
        ...openCustomerAndOrders(),
        {
            content: "Open the invoiced order",
            trigger: ".o_data_row:contains('Fully Invoiced') .o_data_cell:first",
            run: "click",
        },
        {
            content: "Open its invoice",
            trigger: ".o_form_view .oe_stat_button[name=action_view_invoice]",
            run: "click",
        },
        {
            content: "The invoice opens",
            trigger: ".o_form_view .o_field_widget[name=invoice_date]",
        },
        {
            content: "Its other info, with the reminders",
            trigger: ".o_notebook .nav-link[name=other_info]:not(.active)",
            run: "click",
        },
        {
            content: "The invoice's reminder level shows, without error",
            trigger:
                "body:not(:has(.o_error_dialog)) .o_form_view .o_field_widget[name=dunning_level_id]:contains('First reminder')",
        },
    ],
});
