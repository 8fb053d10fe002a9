import { ActivityMarkAsDone } from "@mail/core/web/activity_markasdone_popover";
import { patch } from "@web/core/utils/patch";

// Marking a payment call done opens the "Call outcome" wizard: the call stays
// open until an outcome is recorded, which decides what the next runs do.
patch(ActivityMarkAsDone.prototype, {
    async onClickDone() {
        const activity = this.props.activity;
        if (!activity.dunning_call_id) {
            return super.onClickDone(...arguments);
        }
        const thread = this.env.services["mail.store"].Thread.insert({
            model: activity.res_model,
            id: activity.res_id,
        });
        const action = await this.env.services.orm.call(
            "mail.activity",
            "action_dunning_call_outcome",
            [[activity.id]],
            { feedback: activity.feedback || false }
        );
        this.props.close?.();
        if (!action) {
            this.props.onActivityChanged(thread);
            return;
        }
        await this.env.services.action.doAction(action, {
            onClose: () => {
                this.props.onActivityChanged(thread);
                thread.fetchNewMessages();
            },
        });
    },
});
