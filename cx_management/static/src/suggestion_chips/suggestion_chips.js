import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The text model's suggestions as one-click chips: a topic chip adds the topic to the record's
 * topics, the polarity chip sets the polarity. The value is the record's `cx_suggestions`
 * (computed on the server from the reason, recomputed as it is typed).
 */
export class CxSuggestionChips extends Component {
    static template = "cx_management.SuggestionChips";
    static props = { ...standardFieldProps };

    get value() {
        return this.props.record.data[this.props.name] || {};
    }

    get topics() {
        const list = this.props.record.data.topic_ids;
        const set = list ? list.currentIds : [];
        return (this.value.topics || []).filter((topic) => !set.includes(topic.id));
    }

    get polarity() {
        const polarity = this.value.polarity;
        if (!polarity || !("polarity" in this.props.record.data)) {
            return null;
        }
        return polarity.value === this.props.record.data.polarity ? null : polarity;
    }

    async addTopic(topic) {
        await this.props.record.data.topic_ids.addAndRemove({ add: [topic.id] });
    }

    async setPolarity(polarity) {
        await this.props.record.update({ polarity: polarity.value });
    }
}

export const cxSuggestionChips = {
    component: CxSuggestionChips,
    supportedTypes: ["json"],
};

registry.category("fields").add("cx_suggestion_chips", cxSuggestionChips);
