import { Activity } from "@mail/core/common/activity_model";
import { assignIn } from "@mail/utils/common/misc";
import { patch } from "@web/core/utils/patch";

// Payment calls carry their call, so that "Done" can ask for the outcome.
patch(Activity, {
    _insert(data) {
        const activity = super._insert(...arguments);
        assignIn(activity, data, ["dunning_call_id"]);
        return activity;
    },
});
