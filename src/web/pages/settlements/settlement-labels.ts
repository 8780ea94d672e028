// Settlement words shown to users: the shared ones, and the tag colours of this page.
export {
  SETTLEMENT_STATE_LABELS as STATE_LABELS,
  SETTLEMENT_ITEM_KIND_LABELS as KIND_LABELS,
} from '../../../shared/money-labels.js';
export const STATE_COLORS = { draft: 'default', reviewed: 'blue', approved: 'green' } as const;
