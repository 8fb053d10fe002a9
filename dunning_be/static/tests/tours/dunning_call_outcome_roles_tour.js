import { registry } from "@web/core/registry";

// The one asked to make the call, without rights on invoices, opens Calls to
// Make, records that the customer disputes the first of its two invoices.
registry.category("web_tour.tours").add("dunning_be_call_outcome_dispute", {
    steps: () => [
        {
            content: "The call is in Calls to Make",
            trigger: ".o_list_view .o_data_row:contains('Bakkerij De Gouden Korst')",
        },
        {
            content: "Open its outcome",
            trigger: ".o_data_row:contains('Bakkerij De Gouden Korst') button[name=action_outcome]",
            run: "click",
        },
        {
            content: "Choose dispute",
            trigger: ".modal .o_field_widget[name=outcome] input[data-value=dispute]",
            run: "click",
        },
        {
            content: "The call's two invoices are listed, by number",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:nth-child(2) td[name=move_id]:contains('INV/')",
        },
        {
            content: "Tick the first one as disputed (a click on the cell ticks it)",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:first-child td[name=disputed]",
            run: "click",
        },
        {
            content: "It is ticked",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:first-child td[name=disputed] input:checked",
        },
        {
            content: "Say what is disputed",
            trigger: ".modal .o_field_widget[name=dispute_reason] input",
            run: "edit Goods returned",
        },
        {
            content: "Record it",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The wizard closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
