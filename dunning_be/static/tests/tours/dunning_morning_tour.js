import { registry } from "@web/core/registry";

const { DateTime } = luxon;

// A credit controller's morning on the demo: the overview, the calls to make
// (the phone shown), a promise recorded, the run previewed and made, its
// summary read, the letters printed and gone from the queue.
registry.category("web_tour.tours").add("dunning_be_morning", {
    steps: () => [
        {
            content: "The overview opens on the company's receivables",
            trigger: ".o_form_view .card:contains('Held Back') button[name=action_open_invoices]",
        },
        {
            content: "Open the calls not made in time (a week without a run leaves some)",
            trigger: ".o_form_view button[name=action_open_calls]:has([name=overdue_call_count])",
            run: "click",
        },
        {
            content: "Each call shows the customer's phone, to dial",
            trigger: ".o_list_view .o_data_row .o_field_phone a[href^='tel:']",
        },
        {
            content: "Open the first call",
            trigger: ".o_list_view .o_data_row:first .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "The call form shows the phone too",
            trigger: ".o_form_view .o_field_widget[name=partner_phone] a[href^='tel:']",
        },
        {
            content: "Record the outcome",
            trigger: ".o_form_view .o_form_statusbar button[name=action_outcome]",
            run: "click",
        },
        {
            content: "The customer promises to pay",
            trigger: ".modal .o_field_widget[name=outcome] input[data-value=promise]",
            run: "click",
        },
        {
            content: "No date picker hides the form",
            trigger: ".modal:not(:has(.o_datetime_picker))",
        },
        {
            content: "The promised day",
            trigger: ".modal .o_field_widget[name=promise_date] input",
            run: `edit ${DateTime.now().plus({ days: 5 }).toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "What was said",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Pays on Friday",
        },
        {
            content: "Record it",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The call is done",
            trigger: ".o_form_view .o_field_widget[name=state] .o_arrow_button_current:contains('Done'), .o_form_view .o_field_widget[name=state]:contains('Done')",
        },
        {
            content: "Run the reminders",
            trigger: "body",
            run: () => {
                window.location.href = "/odoo/action-dunning_be.dunning_run_wizard_action";
            },
            expectUnloadPage: true,
        },
        {
            content: "The wizard opens without a date picker over it",
            trigger: ".modal .o_field_widget[name=date]",
        },
        {
            content: "No picker is open",
            trigger: ".modal:not(:has(.o_datetime_picker))",
        },
        {
            content: "Preview what the run would do",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "The preview lists the customers and their next step",
            trigger: ".modal .o_field_widget[name=preview_ids] .o_data_row",
        },
        {
            content: "Run now",
            trigger: ".modal button[name=action_run]",
            run: "click",
        },
        {
            content: "The summary stays on screen",
            trigger: ".modal h4:contains('The run is done for')",
        },
        {
            content: "Close it",
            trigger: ".modal .modal-footer button.btn-primary:contains('Close')",
            run: "click",
        },
        {
            content: "Open the letters to print",
            trigger: "body:not(:has(.modal))",
            run: () => {
                window.location.href = "/odoo/action-dunning_be.dunning_reminder_action_print";
            },
            expectUnloadPage: true,
        },
        {
            content: "Letters wait in the print queue",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Print them",
            trigger: ".o_list_view .o_control_panel button[name=action_print_letters], .o_list_view button[name=action_print_letters]",
            run: "click",
        },
        {
            content: "Printed, they leave the queue without a reload",
            trigger: ".o_list_view:not(:has(.o_data_row))",
        },
    ],
});
