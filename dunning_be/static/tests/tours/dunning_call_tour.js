import { registry } from "@web/core/registry";

const { DateTime } = luxon;

// An accountant opens the customer, marks the payment call done and records a
// promise to pay in a week.
registry.category("web_tour.tours").add("dunning_be_call_outcome", {
    steps: () => [
        {
            content: "The payment call is in the customer's planned activities",
            trigger: ".o-mail-Activity:contains('Call before')",
        },
        {
            content: "Mark it done",
            trigger: ".o-mail-Activity:contains('Call before') .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Say what was said",
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            run: "edit Will pay next week",
        },
        {
            content: "Done: the call outcome opens",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "Choose promise to pay",
            trigger: ".modal .o_field_widget[name=outcome] input[data-value=promise]",
            run: "click",
        },
        {
            content: "The promised day",
            trigger: ".modal .o_field_widget[name=promise_date] input",
            run: `edit ${DateTime.now().plus({ days: 7 }).toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "The notes come from the activity",
            trigger: ".modal .o_field_widget[name=note] textarea:value(Will pay next week)",
        },
        {
            content: "Record it",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The chatter says what was agreed",
            trigger: ".o-mail-Message:contains('Promise to pay by')",
        },
        {
            content: "No call is left to make",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity:contains('Call before')))",
        },
    ],
});
